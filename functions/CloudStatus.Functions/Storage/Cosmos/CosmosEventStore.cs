using System.Globalization;
using System.Text;
using Microsoft.Azure.Cosmos;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// The event log in <c>events</c>, partitioned by <c>bucket</c> = "{tenantId}|{yyyy-MM-dd}" (UTC day of the central
/// time), id = event id, <c>t</c> = central time. Appends create (an id already stored answers 409: ignored, so a
/// retried apply logs nothing twice). A page walks the day buckets from <c>To</c> back to <c>From</c>, asking every
/// tenant's bucket of that day for its newest events after the keyset, and merges them (newest first, then id).
/// </summary>
internal sealed class CosmosEventStore(CosmosCentralDatabase database) : IEventStore
{
    public Task AppendAsync(IReadOnlyCollection<StatusEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        return Parallel.ForEachAsync(
            events,
            new ParallelOptions { MaxDegreeOfParallelism = database.Options.MaxConcurrentWrites, CancellationToken = cancellationToken },
            async (e, ct) =>
            {
                var bucket = Bucket(e.TenantId, e.CentralTimestamp);
                var document = CosmosJson.ToObject(e, StoreJsonContext.Default.StatusEvent);
                document["id"] = e.EventId;
                document["bucket"] = bucket;
                document["t"] = CosmosJson.Ticks(e.CentralTimestamp);
                await database.CreateAsync(CosmosContainers.Events, bucket, document, ct).ConfigureAwait(false); // Conflict = already logged
            });
    }

    public async Task<Page<StatusEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        (long Ticks, string Id)? after = null;
        if (query.Continuation is not null)
        {
            var parts = ContinuationToken.Decode(query.Continuation, 2);
            after = long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var t)
                ? (t, parts[1])
                : throw new InvalidContinuationException();
        }

        if (query.TenantIds.Count == 0 || query.To <= query.From)
        {
            return new Page<StatusEvent>([], null);
        }

        var wanted = query.Limit + 1;
        var items = new List<StatusEvent>();
        var newest = query.To.UtcDateTime.AddTicks(-1).Date;
        if (after is { } a && new DateTime(a.Ticks, DateTimeKind.Utc).Date < newest)
        {
            newest = new DateTime(a.Ticks, DateTimeKind.Utc).Date;
        }

        for (var day = newest; day >= query.From.UtcDateTime.Date && items.Count < wanted; day = day.AddDays(-1))
        {
            var need = wanted - items.Count;
            var perTenant = await Task.WhenAll(query.TenantIds.Distinct(StringComparer.Ordinal).Select(tenant =>
                QueryBucketAsync(Bucket(tenant, day), query, after, need, cancellationToken))).ConfigureAwait(false);
            items.AddRange(perTenant
                .SelectMany(e => e)
                .OrderByDescending(e => e.CentralTimestamp.UtcTicks)
                .ThenByDescending(e => e.EventId, StringComparer.Ordinal)
                .Take(need));
        }

        if (items.Count <= query.Limit)
        {
            return new Page<StatusEvent>(items, null);
        }

        items.RemoveAt(query.Limit);
        var last = items[^1];
        return new Page<StatusEvent>(items, ContinuationToken.Encode(last.CentralTimestamp.UtcTicks.ToString(CultureInfo.InvariantCulture), last.EventId));
    }

    private static string Bucket(string tenantId, DateTimeOffset time) => tenantId + "|" + CosmosJson.Day(time);

    private static string Bucket(string tenantId, DateTime day) => tenantId + "|" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<IEnumerable<StatusEvent>> QueryBucketAsync(
        string bucket, EventQuery query, (long Ticks, string Id)? after, int top, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder("SELECT TOP @top * FROM c WHERE c.bucket = @bucket AND c.t >= @from AND c.t < @to");
        var parameters = new List<(string Name, object Value)>
        {
            ("@top", top),
            ("@bucket", bucket),
            ("@from", CosmosJson.Ticks(query.From)),
            ("@to", CosmosJson.Ticks(query.To)),
        };
        if (query.Type is not null)
        {
            sql.Append(" AND c.type = @type");
            parameters.Add(("@type", query.Type));
        }

        if (query.ServerId is not null)
        {
            sql.Append(" AND c.serverId = @server");
            parameters.Add(("@server", query.ServerId));
        }

        if (after is { } a)
        {
            sql.Append(" AND (c.t < @afterT OR (c.t = @afterT AND c.id < @afterId))");
            parameters.Add(("@afterT", a.Ticks.ToString("D19", CultureInfo.InvariantCulture)));
            parameters.Add(("@afterId", a.Id));
        }

        sql.Append(" ORDER BY c.t DESC, c.id DESC");
        var definition = new QueryDefinition(sql.ToString());
        foreach (var (name, value) in parameters)
        {
            definition = definition.WithParameter(name, value);
        }

        var documents = await database.QueryAsync(CosmosContainers.Events, bucket, definition, top, cancellationToken).ConfigureAwait(false);
        return documents.Select(d => CosmosJson.Read(d.Body, StoreJsonContext.Default.StatusEvent));
    }
}
