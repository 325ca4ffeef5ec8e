using System.Security.Cryptography;
using System.Text;
using CloudStatus.Core.Addresses;
using CloudStatus.Core.Central;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions.Commands;

/// <summary>
/// C6 intake: resolves the target server of a command (through the producer → server index; for add, the given
/// server), checks the caller's tenant scope, stores the command as pending and queues it for dispatch on the durable queue (once that returns, the command
/// survives this instance; if queueing fails the re-scan queues it again).
/// </summary>
internal sealed class CommandService(
    IServerStore servers,
    IProducerStore producers,
    ICommandStore commands,
    IDispatchQueue queue,
    IAddressStore addresses,
    TimeProvider time,
    ILogger<CommandService> logger)
{
    public async Task<SubmitResult> SubmitAsync(CommandSubmission submission, TenantScope scope, string requestedBy, CancellationToken cancellationToken = default)
    {
        var target = await ResolveServerAsync(submission, scope, cancellationToken).ConfigureAwait(false);
        if (target.Server is null)
        {
            if (target.RefusedTenant is { } tenant)
            {
                Log.CommandRefused(logger, submission.Action, submission.ProducerId, tenant, requestedBy, string.Join(',', scope.Tenants));
            }

            return new SubmitResult(target.Status, null, target.Detail);
        }

        var now = time.GetUtcNow();
        var command = new CommandRecord
        {
            CommandId = submission.IdempotencyKey is { } key ? IdempotentId(requestedBy, key) : "cmd-" + Guid.CreateVersion7(now).ToString("N"),
            TenantId = target.TenantId!,
            ServerId = target.Server.ServerId,
            ProducerId = submission.ProducerId,
            Action = submission.Action,
            Status = CommandStatus.Pending,
            RequestedAt = now,
            RequestedBy = requestedBy,
            IdempotencyKey = submission.IdempotencyKey,
            Kind = submission.Kind,
            ParentId = submission.ParentId,
            Config = submission.Config,
            Match = submission.Match,
        };

        if (!await commands.TryCreateAsync(command, cancellationToken).ConfigureAwait(false))
        {
            var existing = await commands.GetAsync(command.CommandId, cancellationToken).ConfigureAwait(false);
            if (existing is not null
                && string.Equals(existing.ProducerId, command.ProducerId, StringComparison.Ordinal)
                && string.Equals(existing.Action, command.Action, StringComparison.Ordinal))
            {
                await JournalAddAsync(existing, target.Server.SiteId, cancellationToken).ConfigureAwait(false); // the first submit may have stopped short of it
                return new SubmitResult(SubmitStatus.Accepted, existing, null);
            }

            return new SubmitResult(SubmitStatus.Conflict, existing, "The idempotency key was already used for another command.");
        }

        await JournalAddAsync(command, target.Server.SiteId, cancellationToken).ConfigureAwait(false);
        Log.CommandRequested(logger, command.CommandId, command.Action, command.ProducerId, command.ServerId, requestedBy);
        await queue.EnqueueAsync(DispatchMessage.Command(command.CommandId).ToJson(), cancellationToken).ConfigureAwait(false);
        return new SubmitResult(SubmitStatus.Accepted, command, null);
    }

    /// <summary>The command if it exists and the caller may see its tenant.</summary>
    public async Task<CommandRecord?> GetAsync(string commandId, TenantScope scope, CancellationToken cancellationToken = default)
    {
        var command = await commands.GetAsync(commandId, cancellationToken).ConfigureAwait(false);
        return command is not null && scope.Includes(command.TenantId) ? command : null;
    }

    /// <summary>
    /// The server to send the command to and the tenant it belongs to (the producer's: on a shared server a process
    /// belongs to its tenant group's tenant, ADR 0101), or why not. A producer that exists outside the caller's tenants
    /// answers like a missing one (404, so a token cannot probe other tenants' ids) and names its tenant for the audit log.
    /// </summary>
    private async Task<Target> ResolveServerAsync(CommandSubmission submission, TenantScope scope, CancellationToken cancellationToken)
    {
        if (string.Equals(submission.Action, CommandActions.Add, StringComparison.Ordinal))
        {
            var server = await servers.GetAsync(submission.ServerId!, cancellationToken).ConfigureAwait(false);
            if (server is null || !scope.Includes(server.TenantId))
            {
                return new(null, null, SubmitStatus.NotFound, $"Server '{submission.ServerId}' does not exist.", server?.TenantId);
            }

            var existing = await producers.GetAsync(server.ServerId, submission.ProducerId, cancellationToken).ConfigureAwait(false);
            return existing is { Deleted: false }
                ? new(null, null, SubmitStatus.Conflict, $"Producer '{submission.ProducerId}' already exists.", null)
                : new(server, server.TenantId, SubmitStatus.Accepted, null, null);
        }

        var serverId = await producers.FindServerIdAsync(submission.ProducerId, cancellationToken).ConfigureAwait(false);
        ServerState? owner = null;
        string? tenant = null;
        if (serverId is not null)
        {
            var producer = await producers.GetAsync(serverId, submission.ProducerId, cancellationToken).ConfigureAwait(false);
            owner = producer is { Deleted: false } ? await servers.GetAsync(serverId, cancellationToken).ConfigureAwait(false) : null;
            tenant = producer?.TenantId;
        }
        else if (string.Equals(submission.Action, CommandActions.Resync, StringComparison.Ordinal))
        {
            owner = await servers.GetAsync(submission.ProducerId, cancellationToken).ConfigureAwait(false); // a server by its own id
            tenant = owner?.TenantId;
        }

        if (owner is not null && tenant is not null && scope.Includes(tenant))
        {
            return new(owner, tenant, SubmitStatus.Accepted, null, null);
        }

        return new(null, null, SubmitStatus.NotFound, $"Producer '{submission.ProducerId}' does not exist.", owner is null ? null : tenant);
    }

    /// <summary>
    /// An add's identity claim (its match MAC/IP) joins the address journal at submission (docs/adr/0150), so an address
    /// already held is a conflict before the device shows up. Its id is the command's: a repeated submit queues it once.
    /// </summary>
    private async Task JournalAddAsync(CommandRecord command, string siteId, CancellationToken cancellationToken)
    {
        if (!string.Equals(command.Action, CommandActions.Add, StringComparison.Ordinal) || command.Match is not { } match || (match.Mac is null && match.Ip is null))
        {
            return;
        }

        await addresses.EnqueueAsync(
            [
                new AddressClaim
                {
                    Id = "add:" + command.CommandId,
                    TenantId = command.TenantId,
                    SiteId = siteId,
                    ServerId = command.ServerId,
                    ProducerId = command.ProducerId,
                    Mac = match.Mac,
                    Ip = match.Ip,
                    Source = AddressSources.Add,
                    At = command.RequestedAt,
                },
            ],
            cancellationToken).ConfigureAwait(false);
        Log.AddClaimJournaled(logger, command.CommandId, command.ProducerId, match.Mac, match.Ip);
    }

    private sealed record Target(ServerState? Server, string? TenantId, SubmitStatus Status, string? Detail, string? RefusedTenant);

    private static string IdempotentId(string requestedBy, string key) =>
        "cmd-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requestedBy + "\u001f" + key)).AsSpan(0, 16));
}
