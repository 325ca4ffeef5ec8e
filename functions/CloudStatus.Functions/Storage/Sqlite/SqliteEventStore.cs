using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudStatus.Core.Central;
using Microsoft.Data.Sqlite;

namespace CloudStatus.Functions.Storage.Sqlite;

internal sealed class SqliteEventStore(SqliteCentralDatabase database) : IEventStore
{
    private const string OldestFirstMark = "asc";

    /// <summary>
    /// One row per event, keyed by event id (the batch id is not needed: a repeated event id is ignored), all of one
    /// append in one statement (docs/adr/0185).
    /// </summary>
    public Task AppendAsync(string batchId, IReadOnlyCollection<StatusEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(batchId);
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return Task.CompletedTask;
        }

        return database.RunAsync(async connection =>
        {
            using var rows = new SqliteJsonRows(events.Count);
            foreach (var e in events)
            {
                rows.Add(e, StoreJsonContext.Default.StatusEvent, e.CentralTimestamp.UtcTicks);
            }

            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                INSERT OR IGNORE INTO events (event_id, tenant_id, server_id, type, time_ticks, doc)
                SELECT json_extract(value, '$.doc.eventId'), json_extract(value, '$.doc.tenantId'), json_extract(value, '$.doc.serverId'),
                       json_extract(value, '$.doc.type'), json_extract(value, '$.ticks'), json_extract(value, '$.doc')
                FROM {SqliteJsonRows.Source}
                """;
            rows.Bind(command);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<Page<StatusEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var oldestFirst = query.Order == EventOrder.OldestFirst;
        if (query.Continuation is not null && query.StartAfter is not null)
        {
            throw new ArgumentException("A query starts either at a continuation token or after a position, not both.", nameof(query));
        }

        var start = query.StartAfter is { } position
            ? (position.CentralTimestamp.UtcTicks, position.EventId)
            : query.Continuation is null ? ((long, string)?)null : DecodeContinuation(query.Continuation, oldestFirst);

        if (query.TenantIds.Count == 0)
        {
            return Task.FromResult(new Page<StatusEvent>([], null));
        }

        return database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder("SELECT doc FROM events WHERE tenant_id IN (");
            for (var i = 0; i < query.TenantIds.Count; i++)
            {
                var name = "$t" + i.ToString(CultureInfo.InvariantCulture);
                sql.Append(i == 0 ? name : "," + name);
                command.Parameters.AddWithValue(name, query.TenantIds[i]);
            }

            sql.Append(") AND time_ticks >= $from AND time_ticks < $to");
            command.Parameters.AddWithValue("$from", query.From.UtcTicks);
            command.Parameters.AddWithValue("$to", query.To.UtcTicks);
            if (query.Type is not null)
            {
                sql.Append(" AND type = $type");
                command.Parameters.AddWithValue("$type", query.Type);
            }

            if (query.ServerId is not null)
            {
                sql.Append(" AND server_id = $server");
                command.Parameters.AddWithValue("$server", query.ServerId);
            }

            if (start is { } s)
            {
                sql.Append(oldestFirst ? " AND (time_ticks, event_id) > ($startTicks, $startId)" : " AND (time_ticks, event_id) < ($startTicks, $startId)");
                command.Parameters.AddWithValue("$startTicks", s.Item1);
                command.Parameters.AddWithValue("$startId", s.Item2);
            }

            sql.Append(oldestFirst ? " ORDER BY time_ticks, event_id LIMIT $limit" : " ORDER BY time_ticks DESC, event_id DESC LIMIT $limit");
            command.Parameters.AddWithValue("$limit", query.Limit + 1);
            command.CommandText = sql.ToString();

            var items = await SqliteDocuments.ReadAllAsync(command, StoreJsonContext.Default.StatusEvent, cancellationToken).ConfigureAwait(false);

            if (items.Count <= query.Limit)
            {
                return new Page<StatusEvent>(items, null);
            }

            items.RemoveAt(query.Limit);
            var last = items[^1];
            var ticks = last.CentralTimestamp.UtcTicks.ToString(CultureInfo.InvariantCulture);
            return new Page<StatusEvent>(
                items,
                oldestFirst ? ContinuationToken.Encode(OldestFirstMark, ticks, last.EventId) : ContinuationToken.Encode(ticks, last.EventId));
        }, cancellationToken);
    }

    /// <summary>Newest-first tokens keep their original two parts; oldest-first tokens carry a mark, so neither passes for the other.</summary>
    private static (long, string) DecodeContinuation(string token, bool oldestFirst)
    {
        var parts = ContinuationToken.Decode(token, oldestFirst ? 3 : 2);
        if (oldestFirst && parts[0] != OldestFirstMark)
        {
            throw new InvalidContinuationException();
        }

        var offset = oldestFirst ? 1 : 0;
        return long.TryParse(parts[offset], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            ? (ticks, parts[offset + 1])
            : throw new InvalidContinuationException();
    }
}
