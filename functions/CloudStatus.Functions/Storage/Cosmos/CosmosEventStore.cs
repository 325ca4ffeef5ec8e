using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudStatus.Core.Central;
using Microsoft.Azure.Cosmos;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// The event log in <c>events</c>, partitioned by <c>bucket</c> = "{tenantId}|{yyyy-MM-dd}" (UTC day of the central
/// time). The events one batch logged at one central time are one document (docs/adr/0131): id = the batch id (with
/// ".n" when the batch spans several times or days, or more than <see cref="MaxEventsPerDocument"/> events),
/// <c>t</c> = their central time, <c>types</c> and <c>servers</c> = what the type and server filters look for,
/// <c>ids</c> = the event ids and <c>events</c> = the events. Appends create (an id already stored answers 409: ignored,
/// so a redelivered batch logs nothing twice); an event another batch logged again is listed only at its first copy
/// (docs/adr/0132). A page walks the day buckets in the listing's order (from <c>To</c> back to <c>From</c> when newest
/// first, forward when oldest first), asking every tenant's bucket of that day for the documents past the keyset, and
/// merges their events by (central time, id). One composite index on (t, id) serves both directions. Documents of the
/// older layout (one event each, with <c>type</c> and <c>serverId</c>) are still read.
/// </summary>
internal sealed class CosmosEventStore(CosmosCentralDatabase database) : IEventStore
{
    /// <summary>Keeps a document far below Cosmos DB's 2 MB item limit (an event is a few hundred bytes).</summary>
    internal const int MaxEventsPerDocument = 500;

    public Task AppendAsync(string batchId, IReadOnlyCollection<StatusEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        ArgumentNullException.ThrowIfNull(events);
        var documents = Documents(batchId, events);
        return Parallel.ForEachAsync(
            documents,
            new ParallelOptions { MaxDegreeOfParallelism = database.Options.MaxConcurrentWrites, CancellationToken = cancellationToken },
            async (d, ct) => await database.CreateAsync(CosmosContainers.Events, d.Bucket, d.Body, ct).ConfigureAwait(false)); // Conflict = already logged
    }

    /// <summary>The documents one append writes, in a deterministic order, so the same batch yields the same ids.</summary>
    internal static List<(string Bucket, JsonObject Body)> Documents(string batchId, IReadOnlyCollection<StatusEvent> events)
    {
        var groups = events
            .GroupBy(e => (Bucket: Bucket(e.TenantId, e.CentralTimestamp), Ticks: CosmosJson.Ticks(e.CentralTimestamp)))
            .OrderBy(g => g.Key.Bucket, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Ticks, StringComparer.Ordinal)
            .SelectMany(g => g.Chunk(MaxEventsPerDocument).Select(chunk => (g.Key.Bucket, g.Key.Ticks, Events: chunk)))
            .ToList();
        var documents = new List<(string, JsonObject)>(groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            var (bucket, ticks, chunk) = groups[i];
            var list = new JsonArray();
            foreach (var e in chunk)
            {
                list.Add(CosmosJson.ToObject(e, StoreJsonContext.Default.StatusEvent));
            }

            documents.Add((bucket, new JsonObject
            {
                ["id"] = groups.Count == 1 ? batchId : batchId + "." + i.ToString(CultureInfo.InvariantCulture),
                ["bucket"] = bucket,
                ["t"] = ticks,
                ["types"] = Distinct(chunk.Select(e => e.Type)),
                ["servers"] = Distinct(chunk.Select(e => e.ServerId)),
                ["ids"] = Distinct(chunk.Select(e => e.EventId)),
                ["events"] = list,
            }));
        }

        return documents;
    }

    private static JsonArray Distinct(IEnumerable<string> values)
    {
        var array = new JsonArray();
        foreach (var value in values.Distinct(StringComparer.Ordinal))
        {
            array.Add(value);
        }

        return array;
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
                QueryBucketAsync(tenant, day, query, after, need, newestFirst, cancellationToken))).ConfigureAwait(false);
            items.AddRange(Ordered(perTenant.SelectMany(e => e), newestFirst).Take(need));
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

    /// <summary>
    /// The first <paramref name="need"/> matching events of one bucket past the keyset, in the listing's order. Asks
    /// for documents in (t, id) order; a document may hold events the filters do not want, or later copies of events
    /// (<see cref="FirstCopiesAsync"/>), so it asks again past the last document while too few events remained, or
    /// while the last document's time ties with the last event wanted (a later document of that time may hold an
    /// event id that sorts first).
    /// </summary>
    private async Task<IEnumerable<StatusEvent>> QueryBucketAsync(
        string tenant, DateTime day, EventQuery query, (long Ticks, string Id)? after, int need, bool newestFirst, CancellationToken cancellationToken)
    {
        var bucket = Bucket(tenant, day);
        var found = new List<StatusEvent>();
        (string T, string Id)? cursor = null;
        while (true)
        {
            var documents = await QueryDocumentsAsync(bucket, query, after, cursor, need, newestFirst, cancellationToken).ConfigureAwait(false);
            var copies = new List<EventCopy>();
            foreach (var document in documents)
            {
                var t = document.Body.GetProperty("t").GetString()!;
                var id = document.Body.GetProperty("id").GetString()!;
                var batched = document.Body.TryGetProperty("ids", out _);
                copies.AddRange(Unpack(document.Body).Where(e => Wanted(e, query, after, newestFirst)).Select(e => new EventCopy(e, t, id, batched)));
            }

            found.AddRange(await FirstCopiesAsync(tenant, day, copies, cancellationToken).ConfigureAwait(false));
            if (documents.Count < need)
            {
                break;
            }

            var last = documents[^1].Body;
            cursor = (last.GetProperty("t").GetString()!, last.GetProperty("id").GetString()!);
            if (found.Count >= need)
            {
                var boundary = Ordered(found, newestFirst).ElementAt(need - 1).CentralTimestamp;
                if (CosmosJson.Ticks(boundary) != cursor.Value.T)
                {
                    break;
                }
            }
        }

        return Ordered(found, newestFirst).Take(need);
    }

    /// <summary>One event as unpacked from a document: the document's time and id order its copies.</summary>
    private readonly record struct EventCopy(StatusEvent Event, string T, string DocumentId, bool Batched);

    /// <summary>
    /// Drops every copy that is not its event's first: the same event can be logged by two batches (an async batch
    /// whose rows failed after its events were stored, then the periodic batch or a resync that carries the same
    /// record again; docs/adr/0132). An event is listed once, at its first (t, document id), looked up by the indexed
    /// <c>ids</c> in this bucket and the previous day's (a retry that crossed midnight).
    /// </summary>
    private async Task<IEnumerable<StatusEvent>> FirstCopiesAsync(string tenant, DateTime day, List<EventCopy> copies, CancellationToken cancellationToken)
    {
        var ids = copies.Where(c => c.Batched).Select(c => c.Event.EventId).Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0)
        {
            return copies.Select(c => c.Event);
        }

        var query = new QueryDefinition("SELECT c.t, c.id, i AS eventId FROM c JOIN i IN c.ids WHERE c.bucket = @bucket AND ARRAY_CONTAINS(@ids, i)")
            .WithParameter("@ids", ids);
        var lookups = await Task.WhenAll(new[] { Bucket(tenant, day), Bucket(tenant, day.AddDays(-1)) }.Select(bucket =>
            database.QueryAsync(CosmosContainers.Events, bucket, query.WithParameter("@bucket", bucket), top: null, cancellationToken))).ConfigureAwait(false);
        var first = new Dictionary<string, (string T, string Id)>(StringComparer.Ordinal);
        foreach (var hit in lookups.SelectMany(l => l))
        {
            var eventId = hit.Body.GetProperty("eventId").GetString()!;
            var copy = (T: hit.Body.GetProperty("t").GetString()!, Id: hit.Body.GetProperty("id").GetString()!);
            if (!first.TryGetValue(eventId, out var known) || Before(copy, known))
            {
                first[eventId] = copy;
            }
        }

        return copies.Where(c => !c.Batched || !first.TryGetValue(c.Event.EventId, out var f) || !Before(f, (c.T, c.DocumentId))).Select(c => c.Event);

        static bool Before((string T, string Id) a, (string T, string Id) b)
        {
            var byTime = string.CompareOrdinal(a.T, b.T);
            return byTime < 0 || (byTime == 0 && string.CompareOrdinal(a.Id, b.Id) < 0);
        }
    }

    private static IOrderedEnumerable<StatusEvent> Ordered(IEnumerable<StatusEvent> events, bool newestFirst) => newestFirst
        ? events.OrderByDescending(e => e.CentralTimestamp.UtcTicks).ThenByDescending(e => e.EventId, StringComparer.Ordinal)
        : events.OrderBy(e => e.CentralTimestamp.UtcTicks).ThenBy(e => e.EventId, StringComparer.Ordinal);

    private static IEnumerable<StatusEvent> Unpack(JsonElement document) =>
        document.TryGetProperty("events", out var events) && events.ValueKind == JsonValueKind.Array
            ? events.EnumerateArray().Select(e => CosmosJson.Read(e, StoreJsonContext.Default.StatusEvent)).ToList()
            : [CosmosJson.Read(document, StoreJsonContext.Default.StatusEvent)];

    private static bool Wanted(StatusEvent e, EventQuery query, (long Ticks, string Id)? after, bool newestFirst)
    {
        if ((query.Type is not null && e.Type != query.Type) || (query.ServerId is not null && e.ServerId != query.ServerId)
            || e.CentralTimestamp < query.From || e.CentralTimestamp >= query.To)
        {
            return false;
        }

        if (after is not { } a)
        {
            return true;
        }

        var ticks = e.CentralTimestamp.UtcTicks;
        var order = ticks != a.Ticks ? ticks.CompareTo(a.Ticks) : string.CompareOrdinal(e.EventId, a.Id);
        return newestFirst ? order < 0 : order > 0;
    }

    private async Task<IReadOnlyList<CosmosDocument>> QueryDocumentsAsync(
        string bucket, EventQuery query, (long Ticks, string Id)? after, (string T, string Id)? cursor, int top, bool newestFirst, CancellationToken cancellationToken)
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
            sql.Append(" AND (ARRAY_CONTAINS(c.types, @type) OR c.type = @type)");
            parameters.Add(("@type", query.Type));
        }

        if (query.ServerId is not null)
        {
            sql.Append(" AND (ARRAY_CONTAINS(c.servers, @server) OR c.serverId = @server)");
            parameters.Add(("@server", query.ServerId));
        }

        if (after is { } a)
        {
            // Documents of the keyset's own time may still hold events past it (their ids decide, in memory).
            sql.Append(newestFirst ? " AND c.t <= @afterT" : " AND c.t >= @afterT");
            parameters.Add(("@afterT", a.Ticks.ToString("D19", CultureInfo.InvariantCulture)));
        }

        if (cursor is { } c)
        {
            sql.Append(newestFirst
                ? " AND (c.t < @cursorT OR (c.t = @cursorT AND c.id < @cursorId))"
                : " AND (c.t > @cursorT OR (c.t = @cursorT AND c.id > @cursorId))");
            parameters.Add(("@cursorT", c.T));
            parameters.Add(("@cursorId", c.Id));
        }

        sql.Append(newestFirst ? " ORDER BY c.t DESC, c.id DESC" : " ORDER BY c.t ASC, c.id ASC");
        var definition = new QueryDefinition(sql.ToString());
        foreach (var (name, value) in parameters)
        {
            definition = definition.WithParameter(name, value);
        }

        return await database.QueryAsync(CosmosContainers.Events, bucket, definition, top, cancellationToken).ConfigureAwait(false);
    }
}
