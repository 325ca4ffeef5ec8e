using CloudStatus.Core.Central;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// Producer records in <c>producers</c> (partition = server, id = producer id, <c>t</c> = central time for the purge).
/// A write is conditional on the record's sequence: a record of the same epoch with a higher seq is never replaced by
/// a lower one (equal is allowed: stale marks and tombstones keep the seq). Each write replaces on the ETag read (or
/// creates) and, on 412/409, reads again and decides again. The ETag and sequence of every record this process read or
/// wrote are kept (bounded by <see cref="CosmosStoreOptions.MaxCachedVersions"/>), so a write needs no read first when
/// they are known; an unknown record is created, and a 409 reads it (docs/adr/0130). <c>lookups</c> keeps producer → servers for
/// <see cref="FindServerIdAsync"/>, updated before a record appears or changes between live and deleted.
/// </summary>
internal sealed class CosmosProducerStore(CosmosCentralDatabase database, CosmosLookups lookups, ILogger<CosmosProducerStore> logger) : IProducerStore
{
    private const int MaxAttempts = 10;
    private const int IdsPerQuery = 100;

    /// <summary>What this process last saw of each record (server, producer): enough to decide and write on its ETag.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Server, string Producer), Version> _versions = new();

    public async Task<ProducerState?> GetAsync(string serverId, string producerId, CancellationToken cancellationToken = default)
    {
        var document = await database.ReadAsync(CosmosContainers.Producers, producerId, serverId, cancellationToken).ConfigureAwait(false);
        return document is { } d ? Remember(Read(d), d.ETag) : null;
    }

    public async Task<IReadOnlyDictionary<string, ProducerState>> GetManyAsync(
        string serverId, IReadOnlyCollection<string> producerIds, CancellationToken cancellationToken = default)
    {
        return await ReadManyAsync(serverId, producerIds, cancellationToken).ConfigureAwait(false);
    }

    public async Task UpsertManyAsync(string serverId, IReadOnlyCollection<ProducerState> producers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(producers);
        if (producers.FirstOrDefault(p => !string.Equals(p.ServerId, serverId, StringComparison.Ordinal)) is { } foreign)
        {
            throw new ArgumentException($"Producer '{foreign.ProducerId}' belongs to server '{foreign.ServerId}', not '{serverId}'.", nameof(producers));
        }

        // The last write of an id wins, as if they were applied in order.
        var latest = producers.GroupBy(p => p.ProducerId, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        if (latest.Count == 0)
        {
            return;
        }

        // No read: a known version is written on its ETag, an unknown record is created (a 409 reads it and decides again).
        await Parallel.ForEachAsync(
            latest,
            new ParallelOptions { MaxDegreeOfParallelism = database.Options.MaxConcurrentWrites, CancellationToken = cancellationToken },
            (producer, ct) => new ValueTask(WriteAsync(producer, _versions.TryGetValue((serverId, producer.ProducerId), out var v) ? v : null, ct))).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ProducerState>> ListAsync(string serverId, CancellationToken cancellationToken = default)
    {
        var documents = await database.QueryAsync(
            CosmosContainers.Producers,
            serverId,
            new QueryDefinition("SELECT * FROM c WHERE c.serverId = @server").WithParameter("@server", serverId),
            top: null,
            cancellationToken).ConfigureAwait(false);
        return [.. documents.Select(d => Remember(Read(d), d.ETag)).OrderBy(p => p.ProducerId, StringComparer.Ordinal)];
    }

    public async Task<Page<ProducerState>> PageAsync(
        string serverId, ProducerFilter filter, int limit, string? continuation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var after = continuation is null ? string.Empty : ContinuationToken.Decode(continuation, 2) switch
        {
            [var server, var id] when string.Equals(server, serverId, StringComparison.Ordinal) => id,
            _ => throw new InvalidContinuationException("The continuation token belongs to another listing."),
        };

        // One partition; every filtered path is indexed (CosmosContainers), so a page costs what it returns.
        var conditions = new List<string> { "c.serverId = @server", "c.id > @after" };
        var parameters = new List<(string Name, object Value)> { ("@server", serverId), ("@after", after), ("@top", limit + 1) };
        Add(conditions, parameters, "kind", filter.Kind);
        Add(conditions, parameters, "parentId", filter.ParentId);
        Add(conditions, parameters, "health", filter.StoredHealth);
        Add(conditions, parameters, "stale", filter.Stale);
        Add(conditions, parameters, "flapping", filter.Flapping);
        Add(conditions, parameters, "deleted", filter.Deleted);
        if (filter.Tenants is { } tenants)
        {
            conditions.Add("ARRAY_CONTAINS(@tenants, c.tenantId)");
            parameters.Add(("@tenants", tenants.ToArray()));
        }

        if (filter.ProducerIds is { } ids)
        {
            conditions.Add("ARRAY_CONTAINS(@ids, c.id)");
            parameters.Add(("@ids", ids.ToArray()));
        }

        if (filter.ExceptProducerIds is { } except)
        {
            conditions.Add("NOT ARRAY_CONTAINS(@except, c.id)");
            parameters.Add(("@except", except.ToArray()));
        }

        var query = new QueryDefinition($"SELECT TOP @top * FROM c WHERE {string.Join(" AND ", conditions)} ORDER BY c.id");
        foreach (var (name, value) in parameters)
        {
            query = query.WithParameter(name, value);
        }

        var documents = await database.QueryAsync(CosmosContainers.Producers, serverId, query, top: limit + 1, cancellationToken).ConfigureAwait(false);
        var items = documents.Select(Read).ToList();
        if (items.Count <= limit)
        {
            return new Page<ProducerState>(items, null);
        }

        items.RemoveRange(limit, items.Count - limit);
        return new Page<ProducerState>(items, ContinuationToken.Encode(serverId, items[^1].ProducerId));
    }

    public async Task<string?> FindServerIdAsync(string producerId, CancellationToken cancellationToken = default)
    {
        var locations = await lookups.GetProducerLocationsAsync(producerId, cancellationToken).ConfigureAwait(false);
        return locations
            .OrderBy(l => l.Deleted)
            .ThenByDescending(l => l.Since, StringComparer.Ordinal)
            .ThenBy(l => l.ServerId, StringComparer.Ordinal)
            .FirstOrDefault()?.ServerId;
    }

    public async Task<int> PurgeTombstonesAsync(string serverId, DateTimeOffset deletedBefore, CancellationToken cancellationToken = default)
    {
        var candidates = await database.QueryAsync(
            CosmosContainers.Producers,
            serverId,
            new QueryDefinition("SELECT c.id, c._etag FROM c WHERE c.serverId = @server AND c.deleted = true AND c.t < @before")
                .WithParameter("@server", serverId)
                .WithParameter("@before", CosmosJson.Ticks(deletedBefore)),
            top: null,
            cancellationToken).ConfigureAwait(false);
        var purged = 0;
        foreach (var candidate in candidates)
        {
            var id = candidate.Body.GetProperty("id").GetString()!;

            // On the ETag listed: a record revived since is not purged.
            _versions.TryRemove((serverId, id), out _);
            if (await database.DeleteAsync(CosmosContainers.Producers, id, serverId, candidate.ETag, cancellationToken).ConfigureAwait(false))
            {
                await lookups.RemoveProducerLocationAsync(id, serverId, cancellationToken).ConfigureAwait(false);
                purged++;
            }
        }

        return purged;
    }

    private static void Add(List<string> conditions, List<(string Name, object Value)> parameters, string property, object? value)
    {
        if (value is not null)
        {
            conditions.Add($"c.{property} = @{property}");
            parameters.Add(("@" + property, value));
        }
    }

    private static ProducerState Read(CosmosDocument document) => CosmosJson.Read(document.Body, StoreJsonContext.Default.ProducerState);

    private ProducerState Remember(ProducerState state, string? etag)
    {
        if (etag is null)
        {
            return state;
        }

        if (_versions.Count >= database.Options.MaxCachedVersions)
        {
            _versions.Clear(); // a cache only: past the bound, start again rather than grow
        }

        _versions[(state.ServerId, state.ProducerId)] = new Version(state.Epoch, state.Seq, state.Deleted, etag);
        return state;
    }

    private async Task<Dictionary<string, ProducerState>> ReadManyAsync(string serverId, IReadOnlyCollection<string> producerIds, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, ProducerState>(StringComparer.Ordinal);
        foreach (var chunk in producerIds.Distinct(StringComparer.Ordinal).Chunk(IdsPerQuery))
        {
            var documents = await database.QueryAsync(
                CosmosContainers.Producers,
                serverId,
                new QueryDefinition("SELECT * FROM c WHERE c.serverId = @server AND ARRAY_CONTAINS(@ids, c.id)")
                    .WithParameter("@server", serverId)
                    .WithParameter("@ids", chunk),
                top: null,
                cancellationToken).ConfigureAwait(false);
            foreach (var document in documents)
            {
                var state = Remember(Read(document), document.ETag);
                result[state.ProducerId] = state;
            }
        }

        return result;
    }

    private async Task WriteAsync(ProducerState producer, Version? known, CancellationToken cancellationToken)
    {
        var document = CosmosJson.ToObject(producer, StoreJsonContext.Default.ProducerState);
        document["id"] = producer.ProducerId;
        document["t"] = CosmosJson.Ticks(producer.CentralTimestamp);
        var key = (producer.ServerId, producer.ProducerId);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (known is { } k && string.Equals(k.Epoch, producer.Epoch, StringComparison.Ordinal) && k.Seq > producer.Seq)
            {
                Log.CosmosOlderWriteSkipped(logger, "producer", producer.ProducerId, producer.Seq, k.Seq);
                return;
            }

            if (known is null || known.Value.Deleted != producer.Deleted)
            {
                await lookups.SetProducerLocationAsync(producer.ProducerId, producer.ServerId, producer.Deleted, producer.CentralTimestamp, cancellationToken).ConfigureAwait(false);
            }

            var result = known is { } v
                ? await database.ReplaceAsync(CosmosContainers.Producers, producer.ProducerId, producer.ServerId, document, v.ETag, cancellationToken).ConfigureAwait(false)
                : await database.CreateAsync(CosmosContainers.Producers, producer.ServerId, document, cancellationToken).ConfigureAwait(false);
            if (result.Status == WriteStatus.Done)
            {
                Remember(producer, result.ETag);
                return;
            }

            _versions.TryRemove(key, out _);
            var again = await database.ReadAsync(CosmosContainers.Producers, producer.ProducerId, producer.ServerId, cancellationToken).ConfigureAwait(false);
            known = again is { } a && a.ETag is not null && Remember(Read(a), a.ETag) is { } s ? new Version(s.Epoch, s.Seq, s.Deleted, a.ETag) : null;
        }

        throw new TransientStoreException($"Producer '{producer.ProducerId}' of server '{producer.ServerId}' kept changing under {MaxAttempts} attempts to write it.");
    }

    /// <summary>A record's epoch, sequence and deletion as stored under <see cref="ETag"/>.</summary>
    private readonly record struct Version(string Epoch, long Seq, bool Deleted, string ETag);
}
