using System.Globalization;
using System.Text;
using CloudStatus.Core.Central;
using Microsoft.Azure.Cosmos;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// The event log in <c>events</c>, partitioned by <c>bucket</c> = "{tenantId}|{yyyy-MM-dd}" (UTC day of the central
/// time), id = event id, <c>t</c> = central time. Appends create (an id already stored answers 409: ignored, so a
/// retried apply logs nothing twice). A page walks the day buckets in the listing's order (from <c>To</c> back to
/// <c>From</c> when newest first, forward when oldest first), asking every tenant's bucket of that day for the events
/// past the keyset, and merges them by (central time, id). One composite index serves both directions.
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
        var after = Start(query);
        if (query.TenantIds.Count == 0 || query.To <= query.From)
        {
            return new Page<StatusEvent>([], null);
        }

        var newestFirst = query.Order == EventOrder.NewestFirst;
        var wanted = query.Limit + 1;
        var items = new List<StatusEvent>();
        foreach (var day in Days(query, after, newestFirst))
        {
            if (items.Count >= wanted)
            {
                break;
            }

            var need = wanted - items.Count;
            var perTenant = await Task.WhenAll(query.TenantIds.Distinct(StringComparer.Ordinal).Select(tenant =>
                QueryBucketAsync(Bucket(tenant, day), query, after, need, newestFirst, cancellationToken))).ConfigureAwait(false);
            var merged = perTenant.SelectMany(e => e);
            items.AddRange((newestFirst
                    ? merged.OrderByDescending(e => e.CentralTimestamp.UtcTicks).ThenByDescending(e => e.EventId, StringComparer.Ordinal)
                    : merged.OrderBy(e => e.CentralTimestamp.UtcTicks).ThenBy(e => e.EventId, StringComparer.Ordinal))
                .Take(need));
        }

        if (items.Count <= query.Limit)
        {
            return new Page<StatusEvent>(items, null);
        }

        items.RemoveAt(query.Limit);
        var last = items[^1];
        return new Page<StatusEvent>(items, ContinuationToken.Encode(last.CentralTimestamp.UtcTicks.ToString(CultureInfo.InvariantCulture), last.EventId, OrderMark(query.Order)));
    }

    private static string OrderMark(EventOrder order) => order == EventOrder.NewestFirst ? "n" : "o";

    /// <summary>The keyset position the page starts after: from the continuation, else from <see cref="EventQuery.StartAfter"/>.</summary>
    private static (long Ticks, string Id)? Start(EventQuery query)
    {
        if (query.Continuation is not null)
        {
            var parts = ContinuationToken.Decode(query.Continuation, 3);
            return long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var t) && parts[2] == OrderMark(query.Order)
                ? (t, parts[1])
                : throw new InvalidContinuationException("The continuation token belongs to a listing in another order.");
        }

        return query.StartAfter is { } start ? (start.CentralTimestamp.UtcTicks, start.EventId) : null;
    }

    /// <summary>The UTC days whose buckets can hold the page, in the listing's order, starting at the keyset's day.</summary>
    private static IEnumerable<DateTime> Days(EventQuery query, (long Ticks, string Id)? after, bool newestFirst)
    {
        var first = query.From.UtcDateTime.Date;
        var last = query.To.UtcDateTime.AddTicks(-1).Date;
        if (after is { } a)
        {
            var day = new DateTime(a.Ticks, DateTimeKind.Utc).Date;
            if (newestFirst && day < last)
            {
                last = day;
            }
            else if (!newestFirst && day > first)
            {
                first = day;
            }
        }

        if (newestFirst)
        {
            for (var day = last; day >= first; day = day.AddDays(-1))
            {
                yield return day;
            }
        }
        else
        {
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                yield return day;
            }
        }
    }

    private static string Bucket(string tenantId, DateTimeOffset time) => tenantId + "|" + CosmosJson.Day(time);

    private static string Bucket(string tenantId, DateTime day) => tenantId + "|" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<IEnumerable<StatusEvent>> QueryBucketAsync(
        string bucket, EventQuery query, (long Ticks, string Id)? after, int top, bool newestFirst, CancellationToken cancellationToken)
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
            sql.Append(newestFirst
                ? " AND (c.t < @afterT OR (c.t = @afterT AND c.id < @afterId))"
                : " AND (c.t > @afterT OR (c.t = @afterT AND c.id > @afterId))");
            parameters.Add(("@afterT", a.Ticks.ToString("D19", CultureInfo.InvariantCulture)));
            parameters.Add(("@afterId", a.Id));
        }

        sql.Append(newestFirst ? " ORDER BY c.t DESC, c.id DESC" : " ORDER BY c.t ASC, c.id ASC");
        var definition = new QueryDefinition(sql.ToString());
        foreach (var (name, value) in parameters)
        {
            definition = definition.WithParameter(name, value);
        }

        var documents = await database.QueryAsync(CosmosContainers.Events, bucket, definition, top, cancellationToken).ConfigureAwait(false);
        return documents.Select(d => CosmosJson.Read(d.Body, StoreJsonContext.Default.StatusEvent));
    }
}
