using System.Globalization;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using Microsoft.Data.Sqlite;

namespace CloudStatus.Edge.Heap;

/// <summary>
/// The embedded heap mirror: one SQLite file (WAL) per server in the data directory. A missing or empty file means
/// "no heap yet". Not thread-safe by itself: the heap is its only caller and serializes every call.
/// </summary>
internal sealed class SqliteHeapMirror : IHeapMirror
{
    public const string FileName = "heap.db";

    private const string EpochKey = "epoch";
    private const string LastSeqKey = "lastSeq";
    private const string LastSentKey = "lastSent";

    private readonly SqliteConnection _connection;

    private SqliteHeapMirror(SqliteConnection connection) => _connection = connection;

    public string FilePath => _connection.DataSource;

    /// <summary>Opens (creating if needed) <c>heap.db</c> in <paramref name="dataDirectory"/>.</summary>
    public static async Task<SqliteHeapMirror> OpenAsync(string dataDirectory, CancellationToken cancellationToken = default)
    {
        var connection = await SqliteFiles.OpenAsync(dataDirectory, FileName, """
                CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS records (
                    producer_id TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    parent_id TEXT NULL,
                    seq INTEGER NOT NULL,
                    local_ticks INTEGER NOT NULL,
                    health INTEGER NOT NULL,
                    state TEXT NULL,
                    config TEXT NULL,
                    deleted INTEGER NOT NULL,
                    silent INTEGER NOT NULL,
                    flapping INTEGER NOT NULL,
                    event TEXT NULL,
                    mac TEXT NULL,
                    ip TEXT NULL);
                """, cancellationToken).ConfigureAwait(false);
        await AddIdentityColumnsAsync(connection, cancellationToken).ConfigureAwait(false);
        return new SqliteHeapMirror(connection);
    }

    /// <summary>A heap written before producers had a MAC and IP gets the two columns (empty) on first open.</summary>
    private static async Task AddIdentityColumnsAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('records')";
            await using var reader = await info.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                columns.Add(reader.GetString(0));
            }
        }

        foreach (var column in new[] { "mac", "ip" }.Where(c => !columns.Contains(c)))
        {
            await using var alter = connection.CreateCommand();
            alter.CommandText = $"ALTER TABLE records ADD COLUMN {column} TEXT NULL";
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ProbeAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM meta";
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<HeapSnapshot?> LoadAsync(CancellationToken cancellationToken = default)
    {
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT key, value FROM meta";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                meta[reader.GetString(0)] = reader.GetString(1);
            }
        }

        if (!meta.TryGetValue(EpochKey, out var epoch) || string.IsNullOrEmpty(epoch))
        {
            return null;
        }

        var records = new List<StatusRecord>();
        await using (var command = _connection.CreateCommand())
        {
            command.CommandText = """
                SELECT producer_id, kind, parent_id, seq, local_ticks, health, state, config, deleted, silent, flapping, event, mac, ip
                FROM records ORDER BY seq
                """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                records.Add(new StatusRecord
                {
                    ProducerId = reader.GetString(0),
                    Kind = reader.GetString(1),
                    ParentId = reader.IsDBNull(2) ? null : reader.GetString(2),
                    Seq = reader.GetInt64(3),
                    LocalTimestamp = new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero),
                    Health = (Health)reader.GetInt32(5),
                    State = reader.IsDBNull(6) ? null : reader.GetString(6),
                    Config = reader.IsDBNull(7) ? null : reader.GetString(7),
                    Deleted = reader.GetInt64(8) != 0,
                    Silent = reader.GetInt64(9) != 0,
                    Flapping = reader.GetInt64(10) != 0,
                    Event = reader.IsDBNull(11) ? null : reader.GetString(11),
                    Mac = reader.IsDBNull(12) ? null : reader.GetString(12),
                    Ip = reader.IsDBNull(13) ? null : reader.GetString(13),
                });
            }
        }

        return new HeapSnapshot(epoch, ReadLong(meta, LastSeqKey), ReadLong(meta, LastSentKey), records);
    }

    public async Task StartEpochAsync(string epoch, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(epoch);
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(_connection, "DELETE FROM records; DELETE FROM meta;", cancellationToken, transaction).ConfigureAwait(false);
        await SetMetaAsync(EpochKey, epoch, transaction, cancellationToken).ConfigureAwait(false);
        await SetMetaAsync(LastSeqKey, "0", transaction, cancellationToken).ConfigureAwait(false);
        await SetMetaAsync(LastSentKey, "0", transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task PersistAsync(IReadOnlyList<StatusRecord> records, long lastSeq, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = _connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO records (producer_id, kind, parent_id, seq, local_ticks, health, state, config, deleted, silent, flapping, event, mac, ip)
                VALUES ($id, $kind, $parent, $seq, $ticks, $health, $state, $config, $deleted, $silent, $flapping, $event, $mac, $ip)
                ON CONFLICT (producer_id) DO UPDATE SET
                    kind = excluded.kind, parent_id = excluded.parent_id, seq = excluded.seq, local_ticks = excluded.local_ticks,
                    health = excluded.health, state = excluded.state, config = excluded.config, deleted = excluded.deleted,
                    silent = excluded.silent, flapping = excluded.flapping, event = excluded.event, mac = excluded.mac, ip = excluded.ip
                """;
            var id = command.Parameters.Add("$id", SqliteType.Text);
            var kind = command.Parameters.Add("$kind", SqliteType.Text);
            var parent = command.Parameters.Add("$parent", SqliteType.Text);
            var seq = command.Parameters.Add("$seq", SqliteType.Integer);
            var ticks = command.Parameters.Add("$ticks", SqliteType.Integer);
            var health = command.Parameters.Add("$health", SqliteType.Integer);
            var state = command.Parameters.Add("$state", SqliteType.Text);
            var config = command.Parameters.Add("$config", SqliteType.Text);
            var deleted = command.Parameters.Add("$deleted", SqliteType.Integer);
            var silent = command.Parameters.Add("$silent", SqliteType.Integer);
            var flapping = command.Parameters.Add("$flapping", SqliteType.Integer);
            var evt = command.Parameters.Add("$event", SqliteType.Text);
            var mac = command.Parameters.Add("$mac", SqliteType.Text);
            var ip = command.Parameters.Add("$ip", SqliteType.Text);
            await command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            foreach (var record in records)
            {
                id.Value = record.ProducerId;
                kind.Value = record.Kind;
                parent.Value = (object?)record.ParentId ?? DBNull.Value;
                seq.Value = record.Seq;
                ticks.Value = record.LocalTimestamp.UtcTicks;
                health.Value = (int)record.Health;
                state.Value = (object?)record.State ?? DBNull.Value;
                config.Value = (object?)record.Config ?? DBNull.Value;
                deleted.Value = record.Deleted ? 1 : 0;
                silent.Value = record.Silent ? 1 : 0;
                flapping.Value = record.Flapping ? 1 : 0;
                evt.Value = (object?)record.Event ?? DBNull.Value;
                mac.Value = (object?)record.Mac ?? DBNull.Value;
                ip.Value = (object?)record.Ip ?? DBNull.Value;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await SetMetaAsync(LastSeqKey, lastSeq.ToString(CultureInfo.InvariantCulture), transaction, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task PersistLastSentAsync(long lastSent, CancellationToken cancellationToken = default) =>
        SetMetaAsync(LastSentKey, lastSent.ToString(CultureInfo.InvariantCulture), transaction: null, cancellationToken);

    public async Task PurgeAsync(IReadOnlyList<string> producerIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(producerIds);
        if (producerIds.Count == 0)
        {
            return;
        }

        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = _connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM records WHERE producer_id = $id";
            var id = command.Parameters.Add("$id", SqliteType.Text);
            foreach (var producerId in producerIds)
            {
                id.Value = producerId;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    private static long ReadLong(Dictionary<string, string> meta, string key) =>
        meta.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private async Task SetMetaAsync(string key, string value, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO meta (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(
        SqliteConnection connection, string sql, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
