using System.Globalization;
using System.Text;
using CloudStatus.Core.Commands;
using CloudStatus.Core.Model;
using Microsoft.Data.Sqlite;

namespace CloudStatus.Edge.History;

/// <summary>
/// The embedded local history: <c>history.db</c> (WAL) in the node's data directory, beside the heap but in its own
/// file, so history writes never wait for heap writes or the other way round. One connection, calls serialized.
/// The file keeps its own epoch (made when the file is created) and the next event number, so ids stay unique and
/// stable across restarts and are never reused even when pruning empties the table.
/// </summary>
internal sealed class SqliteLocalHistory : ILocalHistory
{
    public const string FileName = "history.db";

    private const string EpochKey = "epoch";
    private const string NextKey = "next";

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _idPrefix;
    private long _next;

    private SqliteLocalHistory(SqliteConnection connection, string serverId, string epoch, long next)
    {
        _connection = connection;
        Epoch = epoch;
        _idPrefix = $"{serverId}:{epoch}:";
        _next = next;
    }

    public string Epoch { get; }

    public string FilePath => _connection.DataSource;

    /// <summary>Opens (creating if needed) <c>history.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static async Task<SqliteLocalHistory> OpenAsync(string dataDirectory, string serverId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(serverId);
        var connection = await SqliteFiles.OpenAsync(dataDirectory, FileName, """
                    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS events (
                        n INTEGER PRIMARY KEY,
                        ticks INTEGER NOT NULL,
                        producer_id TEXT NOT NULL,
                        type TEXT NOT NULL,
                        health INTEGER NULL,
                        previous INTEGER NULL,
                        detail TEXT NULL);
                    CREATE INDEX IF NOT EXISTS ix_events_ticks ON events (ticks);
                    INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', lower(hex(randomblob(8))));
                    INSERT OR IGNORE INTO meta (key, value) VALUES ('next', '1');
                    """, cancellationToken).ConfigureAwait(false);
        try
        {
            string? epoch = null;
            long next = 1;
            await using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT key, value FROM meta";
                await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    switch (reader.GetString(0))
                    {
                        case EpochKey:
                            epoch = reader.GetString(1);
                            break;
                        case NextKey:
                            next = long.Parse(reader.GetString(1), NumberStyles.None, CultureInfo.InvariantCulture);
                            break;
                    }
                }
            }

            return new SqliteLocalHistory(connection, serverId, epoch ?? throw new InvalidDataException("The history file has no epoch."), next);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task AppendAsync(IReadOnlyList<LocalTransition> transitions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transitions);
        if (transitions.Count == 0)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var next = _next;
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var command = _connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO events (n, ticks, producer_id, type, health, previous, detail)
                    VALUES ($n, $ticks, $producer, $type, $health, $previous, $detail)
                    """;
                var n = command.Parameters.Add("$n", SqliteType.Integer);
                var ticks = command.Parameters.Add("$ticks", SqliteType.Integer);
                var producer = command.Parameters.Add("$producer", SqliteType.Text);
                var type = command.Parameters.Add("$type", SqliteType.Text);
                var health = command.Parameters.Add("$health", SqliteType.Integer);
                var previous = command.Parameters.Add("$previous", SqliteType.Integer);
                var detail = command.Parameters.Add("$detail", SqliteType.Text);
                await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
                foreach (var t in transitions)
                {
                    n.Value = next++;
                    ticks.Value = t.At.UtcTicks;
                    producer.Value = t.ProducerId;
                    type.Value = t.Type;
                    health.Value = t.Health is { } h ? (int)h : DBNull.Value;
                    previous.Value = t.PreviousHealth is { } p ? (int)p : DBNull.Value;
                    detail.Value = (object?)t.Detail ?? DBNull.Value;
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await using (var meta = _connection.CreateCommand())
            {
                meta.Transaction = transaction;
                meta.CommandText = "UPDATE meta SET value = $next WHERE key = 'next'";
                meta.Parameters.AddWithValue("$next", next.ToString(CultureInfo.InvariantCulture));
                await meta.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            _next = next;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<LocalHistoryPage> QueryAsync(LocalHistoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var afterNumber = query.After is null ? (long?)null : ParseCursor(query.After);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = _connection.CreateCommand();
            var sql = new StringBuilder("SELECT n, ticks, producer_id, type, health, previous, detail FROM events WHERE ticks >= $from AND ticks < $to");
            command.Parameters.AddWithValue("$from", query.From.UtcTicks);
            command.Parameters.AddWithValue("$to", query.To.UtcTicks);
            if (query.Type is not null)
            {
                sql.Append(" AND type = $type");
                command.Parameters.AddWithValue("$type", query.Type);
            }

            if (afterNumber is { } after)
            {
                var afterTicks = await TicksOfAsync(after, cancellationToken).ConfigureAwait(false)
                    ?? throw new UnknownHistoryCursorException($"Event '{query.After}' is no longer in this server's local history (pruned).");
                sql.Append(" AND (ticks, n) > ($afterTicks, $afterN)");
                command.Parameters.AddWithValue("$afterTicks", afterTicks);
                command.Parameters.AddWithValue("$afterN", after);
            }

            sql.Append(" ORDER BY ticks, n LIMIT $limit");
            command.Parameters.AddWithValue("$limit", query.Limit + 1);
            command.CommandText = sql.ToString();
            var events = new List<HistoryEvent>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var n = reader.GetInt64(0);
                    events.Add(new HistoryEvent
                    {
                        EventId = _idPrefix + n.ToString(CultureInfo.InvariantCulture),
                        Number = n,
                        At = new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
                        ProducerId = reader.GetString(2),
                        Type = reader.GetString(3),
                        Health = reader.IsDBNull(4) ? null : (Health)reader.GetInt32(4),
                        PreviousHealth = reader.IsDBNull(5) ? null : (Health)reader.GetInt32(5),
                        Detail = reader.IsDBNull(6) ? null : reader.GetString(6),
                    });
                }
            }

            var more = events.Count > query.Limit;
            if (more)
            {
                events.RemoveAt(query.Limit);
            }

            return new LocalHistoryPage(events, more);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<int> PruneAsync(DateTimeOffset olderThan, long maxEvents, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEvents, 1);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Numbers are consecutive, so "n < next − maxEvents" keeps at most the newest maxEvents.
            await using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM events WHERE ticks < $cut OR n < $keepFrom";
            command.Parameters.AddWithValue("$cut", olderThan.UtcTicks);
            command.Parameters.AddWithValue("$keepFrom", _next - maxEvents);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private long ParseCursor(string eventId) =>
        eventId.StartsWith(_idPrefix, StringComparison.Ordinal)
        && long.TryParse(eventId.AsSpan(_idPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UnknownHistoryCursorException($"Event '{eventId}' is not from this server's current local history.");

    private async Task<long?> TicksOfAsync(long n, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT ticks FROM events WHERE n = $n";
        command.Parameters.AddWithValue("$n", n);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long ticks ? ticks : null;
    }
}
