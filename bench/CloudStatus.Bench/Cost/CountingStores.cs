using CloudStatus.Core.Central;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Storage;

namespace CloudStatus.Bench.Cost;

/// <summary>
/// The server store with every call counted as the Cosmos operations the adapter issues: the row is found through the
/// serverId → tenant lookup (a point read, the first time only: the adapter keeps what it found) and then read by id
/// and partition (a second point read); a write replaces on the ETag the adapter last saw (no read).
/// </summary>
internal sealed class CountingServerStore(IServerStore inner, CosmosTally tally) : IServerStore
{
    private readonly HashSet<string> _located = new(StringComparer.Ordinal);

    public async Task<ServerState?> GetAsync(string serverId, CancellationToken cancellationToken = default)
    {
        var server = await inner.GetAsync(serverId, cancellationToken).ConfigureAwait(false);
        bool first;
        lock (_located)
        {
            first = _located.Add(serverId);
        }

        if (first)
        {
            tally.Read(CosmosItems.Lookups, CosmosItems.LookupBytes);
        }

        if (server is not null)
        {
            tally.Read(CosmosItems.Servers, CosmosItems.Size(server));
        }

        return server;
    }

    public async Task UpsertAsync(ServerState server, CancellationToken cancellationToken = default)
    {
        await inner.UpsertAsync(server, cancellationToken).ConfigureAwait(false);
        tally.Write(CosmosItems.Servers, CosmosItems.Size(server));
    }

    public async Task<IReadOnlyList<ServerState>> ListByTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var servers = await inner.ListByTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        tally.Query(CosmosItems.Servers, servers.Sum(s => (long)CosmosItems.Size(s)));
        return servers;
    }

    public async Task<IReadOnlyList<ServerState>> ListByTenantAsync(string tenantId, ServerFilter filter, CancellationToken cancellationToken = default)
    {
        var servers = await inner.ListByTenantAsync(tenantId, filter, cancellationToken).ConfigureAwait(false);
        tally.Query(CosmosItems.Servers, servers.Sum(s => (long)CosmosItems.Size(s)));
        return servers;
    }

    public Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken = default) => inner.ListTenantsAsync(cancellationToken);
}

/// <summary>
/// The producer store counted as the Cosmos operations the adapter issues: a single-partition query per 100 producers
/// asked for (charged by what it returns), one write per producer upserted (a replace on the cached ETag or a create:
/// no read first, docs/adr/0130), plus one lookup write (producerId → serverId) the first time a producer is stored.
/// </summary>
internal sealed class CountingProducerStore(IProducerStore inner, CosmosTally tally) : IProducerStore
{
    private readonly HashSet<string> _indexed = new(StringComparer.Ordinal);

    public async Task<ProducerState?> GetAsync(string serverId, string producerId, CancellationToken cancellationToken = default)
    {
        var producer = await inner.GetAsync(serverId, producerId, cancellationToken).ConfigureAwait(false);
        tally.Read(CosmosItems.Producers, producer is null ? 0 : CosmosItems.Size(producer));
        return producer;
    }

    public async Task<IReadOnlyDictionary<string, ProducerState>> GetManyAsync(
        string serverId, IReadOnlyCollection<string> producerIds, CancellationToken cancellationToken = default)
    {
        var found = await inner.GetManyAsync(serverId, producerIds, cancellationToken).ConfigureAwait(false);
        foreach (var chunk in producerIds.Chunk(100))
        {
            tally.Query(CosmosItems.Producers, chunk.Sum(id => found.TryGetValue(id, out var producer) ? (long)CosmosItems.Size(producer) : 0));
        }

        return found;
    }

    public async Task UpsertManyAsync(string serverId, IReadOnlyCollection<ProducerState> producers, CancellationToken cancellationToken = default)
    {
        await inner.UpsertManyAsync(serverId, producers, cancellationToken).ConfigureAwait(false);
        foreach (var producer in producers)
        {
            tally.Write(CosmosItems.Producers, CosmosItems.Size(producer));
            bool added;
            lock (_indexed)
            {
                added = _indexed.Add(producer.ProducerId);
            }

            if (added)
            {
                tally.Write(CosmosItems.Lookups, CosmosItems.LookupBytes);
            }
        }
    }

    public async Task<IReadOnlyList<ProducerState>> ListAsync(string serverId, CancellationToken cancellationToken = default)
    {
        var producers = await inner.ListAsync(serverId, cancellationToken).ConfigureAwait(false);
        tally.Query(CosmosItems.Producers, producers.Sum(p => (long)CosmosItems.Size(p)));
        return producers;
    }

    public async Task<Page<ProducerState>> PageAsync(
        string serverId, ProducerFilter filter, int limit, string? continuation, CancellationToken cancellationToken = default)
    {
        var page = await inner.PageAsync(serverId, filter, limit, continuation, cancellationToken).ConfigureAwait(false);
        tally.Query(CosmosItems.Producers, page.Items.Sum(p => (long)CosmosItems.Size(p)));
        return page;
    }

    public async Task<string?> FindServerIdAsync(string producerId, CancellationToken cancellationToken = default)
    {
        var serverId = await inner.FindServerIdAsync(producerId, cancellationToken).ConfigureAwait(false);
        tally.Read(CosmosItems.Lookups, CosmosItems.LookupBytes);
        return serverId;
    }

    public async Task<int> PurgeTombstonesAsync(string serverId, DateTimeOffset deletedBefore, CancellationToken cancellationToken = default)
    {
        var purged = await inner.PurgeTombstonesAsync(serverId, deletedBefore, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < purged; i++)
        {
            tally.Write(CosmosItems.Producers, CosmosItems.LookupBytes);
        }

        return purged;
    }
}

/// <summary>
/// The event log counted as the Cosmos adapter writes it (docs/adr/0131): one document per batch, tenant, UTC day and
/// central time, at most 500 events each, sized as its events plus the batch fields.
/// </summary>
internal sealed class CountingEventStore(IEventStore inner, CosmosTally tally) : IEventStore
{
    public async Task AppendAsync(string batchId, IReadOnlyCollection<StatusEvent> events, CancellationToken cancellationToken = default)
    {
        await inner.AppendAsync(batchId, events, cancellationToken).ConfigureAwait(false);
        foreach (var document in events
            .GroupBy(e => (e.TenantId, e.CentralTimestamp.UtcTicks))
            .SelectMany(g => g.Chunk(CosmosItems.EventsPerDocument)))
        {
            tally.Write(CosmosItems.Events, CosmosItems.Size(document));
        }
    }

    public async Task<Page<StatusEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        var page = await inner.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        tally.Query(CosmosItems.Events, page.Items.Sum(e => (long)CosmosItems.Size(e)));
        foreach (var _ in query.TenantIds.Distinct(StringComparer.Ordinal))
        {
            // The first-copy lookups (docs/adr/0132): the page's day bucket and the day before, a few ids each.
            tally.Query(CosmosItems.Events, page.Items.Count * 64L);
            tally.Query(CosmosItems.Events, page.Items.Count * 64L);
        }

        return page;
    }
}

/// <summary>The view store counted as one Cosmos write per connectivity entry stored (tenant views are built by timer, not by ingest).</summary>
internal sealed class CountingViewStore(IViewStore inner, CosmosTally tally) : IViewStore
{
    public async Task UpsertConnectivityAsync(string tenantId, string serverId, IReadOnlyCollection<ConnectivityEntry> entries, CancellationToken cancellationToken = default)
    {
        await inner.UpsertConnectivityAsync(tenantId, serverId, entries, cancellationToken).ConfigureAwait(false);
        foreach (var entry in entries)
        {
            tally.Write(CosmosItems.Views, CosmosItems.Size(entry));
        }
    }

    public Task<IReadOnlyList<ConnectivityEntry>> GetConnectivityAsync(string serverId, CancellationToken cancellationToken = default) =>
        inner.GetConnectivityAsync(serverId, cancellationToken);

    public Task PutTenantViewAsync(TenantView view, CancellationToken cancellationToken = default) => inner.PutTenantViewAsync(view, cancellationToken);

    public Task<TenantView?> GetTenantViewAsync(string tenantId, CancellationToken cancellationToken = default) => inner.GetTenantViewAsync(tenantId, cancellationToken);
}
