using CloudStatus.Core.Central;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Sweep;

/// <summary>
/// C2: a server unheard for longer than <see cref="SweepOptions.HeartbeatTimeout"/> goes offline and every live
/// producer of it is marked stale (never left looking healthy); ingest clears both when the server is heard again.
/// Central tombstones older than <see cref="SweepOptions.TombstoneRetention"/> are purged. A server unheard that long
/// whose failover peer does not hold its lease yet loses it to the peer (signal <c>heartbeat-sweep</c>, docs/adr/0120).
/// </summary>
internal sealed class HeartbeatSweeper(
    IServerStore servers,
    IProducerStore producers,
    IEventStore events,
    ServerGate gate,
    LeaseKeeper leases,
    ILeaseStore leaseStore,
    TimeProvider time,
    IOptions<SweepOptions> options,
    ILogger<HeartbeatSweeper> logger)
{
    /// <summary>One sweep over every tenant's servers; returns how many servers went offline.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken cancellationToken = default)
    {
        var offline = 0;
        foreach (var tenantId in await servers.ListTenantsAsync(cancellationToken).ConfigureAwait(false))
        {
            var held = (await leaseStore.ListByTenantAsync(tenantId, cancellationToken).ConfigureAwait(false))
                .Where(l => l.Phase != Core.Ownership.LeasePhase.TakenOver)
                .Select(l => l.PrimaryId)
                .ToHashSet(StringComparer.Ordinal);
            foreach (var listed in await servers.ListByTenantAsync(tenantId, cancellationToken).ConfigureAwait(false))
            {
                if (await SweepServerAsync(listed.ServerId, cancellationToken).ConfigureAwait(false))
                {
                    offline++;
                }

                if (held.Contains(listed.ServerId) && time.GetUtcNow() - (listed.LastBatchAt ?? listed.RegisteredAt) > options.Value.HeartbeatTimeout)
                {
                    await leases.PrimaryLostAsync(tenantId, listed.ServerId, Core.Ownership.LossSignals.HeartbeatSweep, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return offline;
    }

    private async Task<bool> SweepServerAsync(string serverId, CancellationToken cancellationToken)
    {
        using var _ = await gate.EnterAsync(serverId, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var wentOffline = false;
        var server = await servers.GetAsync(serverId, cancellationToken).ConfigureAwait(false);
        if (server is null)
        {
            return false;
        }

        var heardAt = server.LastBatchAt ?? server.RegisteredAt;
        if (server.Online && now - heardAt > options.Value.HeartbeatTimeout)
        {
            var stale = (await producers.ListAsync(serverId, cancellationToken).ConfigureAwait(false))
                .Where(p => !p.Deleted && !p.Stale)
                .Select(p => p with { Stale = true })
                .ToList();
            await events.AppendOneAsync(
                new StatusEvent
                {
                    EventId = EventIds.ForServer(serverId, StatusEventTypes.ServerOffline, now),
                    TenantId = server.TenantId,
                    ServerId = serverId,
                    ProducerId = serverId,
                    Type = StatusEventTypes.ServerOffline,
                    Health = Core.Model.Health.Offline,
                    CentralTimestamp = now,
                },
                cancellationToken).ConfigureAwait(false);
            await producers.UpsertManyAsync(serverId, stale, cancellationToken).ConfigureAwait(false);
            await servers.UpsertAsync(server with { Online = false, StaleCount = server.StaleCount + stale.Count }, cancellationToken).ConfigureAwait(false);
            Log.ServerOffline(logger, serverId, server.LastBatchAt, stale.Count);
            wentOffline = true;
        }

        var purged = await producers.PurgeTombstonesAsync(serverId, now - options.Value.TombstoneRetention, cancellationToken).ConfigureAwait(false);
        if (purged > 0)
        {
            Log.TombstonesPurged(logger, serverId, purged);
        }

        return wentOffline;
    }
}
