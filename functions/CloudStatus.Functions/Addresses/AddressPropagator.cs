using System.Security.Cryptography;
using System.Text;
using CloudStatus.Core.Addresses;
using CloudStatus.Core.Commands;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions.Addresses;

/// <summary>
/// Tells the servers that need it that a producer's IP changed (seed 001: the event is propagated to the other copies;
/// docs/adr/0150): every server of the producer's site, and the duplexed peer of the server that reports it, each get
/// an <c>address</c> command through the command store and the durable dispatch queue. The command ids are derived
/// from the change's id and the server, so telling again (a retried pass) stores nothing new and the edge applies it once.
/// </summary>
internal sealed class AddressPropagator(
    IServerStore servers,
    ILeaseStore leases,
    ICommandStore commands,
    IDispatchQueue queue,
    TimeProvider time,
    ILogger<AddressPropagator> logger)
{
    public const string RequestedBy = "address-journal";

    /// <summary>Stores and queues one <c>address</c> command per server to tell; their ids, ordered by server.</summary>
    public async Task<IReadOnlyList<string>> PropagateAsync(
        string tenantId, string siteId, ProducerRef producer, string? mac, string ip, string? previousIp, string changeId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(producer);
        var targets = new SortedSet<string>(StringComparer.Ordinal) { producer.ServerId };
        foreach (var server in await servers.ListByTenantAsync(tenantId, new ServerFilter { SiteId = siteId }, cancellationToken).ConfigureAwait(false))
        {
            targets.Add(server.ServerId);
        }

        foreach (var lease in await leases.ListByTenantAsync(tenantId, cancellationToken).ConfigureAwait(false))
        {
            if (lease.PrimaryId == producer.ServerId)
            {
                targets.Add(lease.PeerId);
            }
            else if (lease.PeerId == producer.ServerId)
            {
                targets.Add(lease.PrimaryId);
            }
        }

        var ids = new List<string>(targets.Count);
        foreach (var target in targets)
        {
            var command = new CommandRecord
            {
                CommandId = CommandIdFor(changeId, target),
                TenantId = tenantId,
                ServerId = target,
                ProducerId = producer.ProducerId,
                Action = DirectMethodNames.Address,
                Status = CommandStatus.Pending,
                RequestedAt = time.GetUtcNow(),
                RequestedBy = RequestedBy,
                Match = mac is null ? null : new ProducerMatch { Mac = mac },
                Ip = ip,
                PreviousIp = previousIp,
            };
            if (!await commands.TryCreateAsync(command, cancellationToken).ConfigureAwait(false)
                && await commands.GetAsync(command.CommandId, cancellationToken).ConfigureAwait(false) is { } stored
                && CommandStatus.IsFinal(stored.Status))
            {
                ids.Add(command.CommandId); // told already
                continue;
            }

            // Queued again when it already existed unfinished: a pass cut short between the store and the queue.
            await queue.EnqueueAsync(DispatchMessage.Command(command.CommandId).ToJson(), cancellationToken).ConfigureAwait(false);
            ids.Add(command.CommandId);
        }

        Log.AddressPropagated(logger, producer.ProducerId, previousIp, ip, string.Join(',', targets));
        return ids;
    }

    /// <summary><c>addr-</c> and 32 hex digits of the change and the server: one command per change and server.</summary>
    public static string CommandIdFor(string changeId, string serverId) =>
        "addr-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(changeId + "\u001f" + serverId)).AsSpan(0, 16));
}
