using System.Text.Json;
using CloudStatus.Core.Central;
using CloudStatus.Core.Commands;
using CloudStatus.Core.Ownership;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Commands;

/// <summary>
/// The clearinghouse (docs/adr/0146): once a server's registration was accepted, tells it and every server whose
/// neighbours changed with it (its site, its failover peer, the servers it covers) their neighbours through the
/// <c>neighbours</c> direct method, computed by <see cref="Neighbourhood"/> from the tenant's server rows at send
/// time, with the failover leases it holds and their fencing tokens (docs/adr/0148). A server not reached now hears them the next time it registers (every connect). Throws only for a store
/// failure (the dispatch message then comes back).
/// </summary>
internal sealed class NeighbourAnnouncer(
    IServerStore servers,
    ILeaseStore leases,
    IDirectMethodClient client,
    IOptions<IngestOptions> ingestOptions,
    IOptions<CommandOptions> commandOptions,
    ILogger<NeighbourAnnouncer> logger)
{
    public async Task<string> AnnounceAsync(string serverId, CancellationToken cancellationToken)
    {
        var server = await servers.GetAsync(serverId, cancellationToken).ConfigureAwait(false);
        if (server is null)
        {
            return $"neighbours of {serverId}: no such server";
        }

        var tenant = await servers.ListByTenantAsync(server.TenantId, cancellationToken).ConfigureAwait(false);
        var told = 0;
        var affected = Neighbourhood.Affected(server, tenant);
        foreach (var target in affected)
        {
            var neighbours = Neighbourhood.For(target, tenant);
            neighbours = neighbours with { Fences = await HeldAsync(target, neighbours.Covers, cancellationToken).ConfigureAwait(false) };
            var outcome = await client.InvokeAsync(
                target.ServerId,
                commandOptions.Value.ModuleId,
                DirectMethodNames.Neighbours,
                JsonSerializer.SerializeToUtf8Bytes(neighbours, NeighboursJsonContext.Default.NeighboursRequest),
                ingestOptions.Value.ResyncMethodTimeout,
                cancellationToken).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                told++;
                Log.NeighboursSent(logger, target.ServerId, neighbours.FailoverPeer, neighbours.Covers.Count, neighbours.Servers.Count);
                Log.FencesSent(logger, target.ServerId, string.Join(", ", neighbours.Fences!.Select(f => $"{f.Key}={f.Value}")));
            }
            else
            {
                Log.NeighboursNotDelivered(logger, target.ServerId, outcome.Status.ToString(), outcome.ResponseStatus, outcome.Error ?? outcome.PayloadJson);
            }
        }

        return $"neighbours of {serverId}: told {told} of {affected.Count} servers";
    }

    /// <summary>The leases <paramref name="target"/> holds now: its own, and each of the servers it covers that it took over.</summary>
    private async Task<Dictionary<string, long>> HeldAsync(ServerState target, IReadOnlyList<string> covers, CancellationToken cancellationToken)
    {
        var held = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var primaryId in covers.Prepend(target.ServerId).Distinct(StringComparer.Ordinal))
        {
            if (await leases.GetAsync(target.TenantId, primaryId, cancellationToken).ConfigureAwait(false) is { } lease
                && string.Equals(lease.HolderId, target.ServerId, StringComparison.Ordinal))
            {
                held[primaryId] = lease.Token;
            }
        }

        return held;
    }
}
