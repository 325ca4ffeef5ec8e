using Azure;
using Azure.Data.Tables;
using Azure.Identity;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Heap;

/// <summary>
/// The heap mirror on Table storage: one partition per local server (PartitionKey = server id) holding a meta entity
/// (<c>meta</c>: epoch, last seq, last sent) and one entity per record, keyed <c>r:{epoch}:{producerId}</c>.
/// <para>
/// Atomicity (docs/adr/0017). Changes are entity-group transactions (one partition, at most 100 operations and
/// 4 MiB). A persist that fits goes in one transaction with the meta entity: all or nothing, as in SQLite. A larger
/// one is cut into transactions in sequence order, and the meta entity rides in the last one. A crash between two
/// of them leaves the records of the first chunks, which carry the lowest new sequence numbers: that is exactly the
/// heap after a smaller write set, a state the heap could really have had. The meta's last seq then lags behind, so
/// loading takes the highest of it and every stored seq, and no sequence number is ever issued twice.
/// </para>
/// <para>
/// A new epoch is one write of the meta entity (records are keyed by epoch, so the old ones stop counting at once);
/// the old epoch's rows are then deleted, and any that a crash left behind are deleted at the next load.
/// </para>
/// Not thread-safe by itself: the heap is its only caller and serializes every call.
/// </summary>
internal sealed class TableHeapMirror : IHeapMirror
{
    public const int MaxOperationsPerTransaction = 100;

    /// <summary>Below the service's 4 MiB per transaction, with room for the request's framing.</summary>
    public const int MaxBytesPerTransaction = 3 * 1024 * 1024;

    /// <summary>A string property holds at most 64 KiB (32 K UTF-16 characters); longer JSON continues in State1, State2…</summary>
    public const int MaxCharsPerProperty = 30_000;

    private const string MetaRowKey = "meta";
    private const string RecordPrefix = "r:";

    private readonly TableClient _table;
    private readonly string _partition;

    private TableHeapMirror(TableClient table, string serverId)
    {
        _table = table;
        _partition = serverId;
    }

    /// <summary>A table client for <paramref name="options"/>: connection string, or service URI with <see cref="DefaultAzureCredential"/>.</summary>
    public static TableClient CreateClient(TableHeapMirrorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return !string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new TableClient(options.ConnectionString, options.TableName)
            : new TableClient(new Uri(options.ServiceUri!), options.TableName, new DefaultAzureCredential());
    }

    /// <summary>Opens the mirror of <paramref name="serverId"/> in <paramref name="table"/> (created first when asked).</summary>
    public static async Task<TableHeapMirror> OpenAsync(TableClient table, string serverId, bool createTable, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(serverId);
        if (createTable)
        {
            await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        }

        return new TableHeapMirror(table, serverId);
    }

    public async Task<HeapSnapshot?> LoadAsync(CancellationToken cancellationToken = default)
    {
        var meta = await _table.GetEntityIfExistsAsync<TableEntity>(_partition, MetaRowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!meta.HasValue || meta.Value!.GetString("Epoch") is not { Length: > 0 } epoch)
        {
            return null;
        }

        var prefix = RecordPrefix + epoch + ":";
        var records = new List<StatusRecord>();
        var stale = new List<TableEntity>();
        await foreach (var entity in QueryRecordRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (entity.RowKey.StartsWith(prefix, StringComparison.Ordinal))
            {
                records.Add(ToRecord(entity, entity.RowKey[prefix.Length..]));
            }
            else
            {
                stale.Add(entity);
            }
        }

        await DeleteAsync(stale, cancellationToken).ConfigureAwait(false); // rows of an older epoch a crash left behind
        records.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        var lastSeq = Math.Max(meta.Value.GetInt64("LastSeq") ?? 0, records.Count == 0 ? 0 : records[^1].Seq);
        return new HeapSnapshot(epoch, lastSeq, meta.Value.GetInt64("LastSent") ?? 0, records);
    }

    public async Task StartEpochAsync(string epoch, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(epoch);
        await _table.UpsertEntityAsync(
            new TableEntity(_partition, MetaRowKey) { ["Epoch"] = epoch, ["LastSeq"] = 0L, ["LastSent"] = 0L },
            TableUpdateMode.Replace,
            cancellationToken).ConfigureAwait(false);

        var prefix = RecordPrefix + epoch + ":";
        var stale = new List<TableEntity>();
        await foreach (var entity in QueryRecordRowsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!entity.RowKey.StartsWith(prefix, StringComparison.Ordinal))
            {
                stale.Add(entity);
            }
        }

        await DeleteAsync(stale, cancellationToken).ConfigureAwait(false);
    }

    public async Task PersistAsync(IReadOnlyList<StatusRecord> records, long lastSeq, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        var epoch = await ReadEpochAsync(cancellationToken).ConfigureAwait(false);
        var actions = records
            .GroupBy(r => r.ProducerId, StringComparer.Ordinal)
            .Select(g => g.Last()) // one operation per entity in a transaction; the latest write wins
            .OrderBy(r => r.Seq)
            .Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(r, epoch)))
            .Append(new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(_partition, MetaRowKey) { ["LastSeq"] = lastSeq }))
            .ToList();
        foreach (var chunk in Chunk(actions))
        {
            await _table.SubmitTransactionAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task PersistLastSentAsync(long lastSent, CancellationToken cancellationToken = default) =>
        _table.UpsertEntityAsync(new TableEntity(_partition, MetaRowKey) { ["LastSent"] = lastSent }, TableUpdateMode.Merge, cancellationToken);

    public async Task PurgeAsync(IReadOnlyList<string> producerIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(producerIds);
        if (producerIds.Count == 0)
        {
            return;
        }

        var epoch = await ReadEpochAsync(cancellationToken).ConfigureAwait(false);
        await DeleteAsync([.. producerIds.Distinct(StringComparer.Ordinal).Select(id => new TableEntity(_partition, RowKey(epoch, id)))], cancellationToken).ConfigureAwait(false);
    }

    public async Task ProbeAsync(CancellationToken cancellationToken = default) =>
        await _table.GetEntityIfExistsAsync<TableEntity>(_partition, MetaRowKey, ["Epoch"], cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Cuts actions into transactions of at most 100 operations and about 3 MiB, in order.</summary>
    internal static IEnumerable<List<TableTransactionAction>> Chunk(IEnumerable<TableTransactionAction> actions)
    {
        var chunk = new List<TableTransactionAction>();
        var bytes = 0;
        foreach (var action in actions)
        {
            var size = EstimateBytes(action.Entity);
            if (chunk.Count > 0 && (chunk.Count == MaxOperationsPerTransaction || bytes + size > MaxBytesPerTransaction))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(action);
            bytes += size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private static int EstimateBytes(ITableEntity entity) =>
        1024 + (entity is TableEntity t ? t.Sum(p => (p.Key.Length * 2) + (p.Value is string s ? s.Length * 2 : 16)) : 0);

    private static string RowKey(string epoch, string producerId) => RecordPrefix + epoch + ":" + producerId;

    private TableEntity ToEntity(StatusRecord record, string epoch)
    {
        var entity = new TableEntity(_partition, RowKey(epoch, record.ProducerId))
        {
            ["Kind"] = record.Kind,
            ["ParentId"] = record.ParentId,
            ["Seq"] = record.Seq,
            ["LocalTicks"] = record.LocalTimestamp.UtcTicks,
            ["Health"] = (int)record.Health,
            ["Deleted"] = record.Deleted,
            ["Silent"] = record.Silent,
            ["Flapping"] = record.Flapping,
            ["Event"] = record.Event,
            ["Mac"] = record.Mac,
            ["Ip"] = record.Ip,
        };
        WriteLong(entity, "State", record.State);
        WriteLong(entity, "Config", record.Config);
        return entity;
    }

    private static StatusRecord ToRecord(TableEntity entity, string producerId) => new()
    {
        ProducerId = producerId,
        Kind = entity.GetString("Kind") ?? string.Empty,
        ParentId = entity.GetString("ParentId"),
        Seq = entity.GetInt64("Seq") ?? 0,
        LocalTimestamp = new DateTimeOffset(entity.GetInt64("LocalTicks") ?? 0, TimeSpan.Zero),
        Health = (Health)(entity.GetInt32("Health") ?? 0),
        State = ReadLong(entity, "State"),
        Config = ReadLong(entity, "Config"),
        Deleted = entity.GetBoolean("Deleted") ?? false,
        Silent = entity.GetBoolean("Silent") ?? false,
        Flapping = entity.GetBoolean("Flapping") ?? false,
        Event = entity.GetString("Event"),
        Mac = entity.GetString("Mac"),
        Ip = entity.GetString("Ip"),
    };

    private static void WriteLong(TableEntity entity, string name, string? value)
    {
        if (value is null)
        {
            return;
        }

        entity[name] = value.Length <= MaxCharsPerProperty ? value : value[..MaxCharsPerProperty];
        for (int part = 1, start = MaxCharsPerProperty; start < value.Length; part++, start += MaxCharsPerProperty)
        {
            entity[name + part.ToString(System.Globalization.CultureInfo.InvariantCulture)] = value.Substring(start, Math.Min(MaxCharsPerProperty, value.Length - start));
        }
    }

    private static string? ReadLong(TableEntity entity, string name)
    {
        if (entity.GetString(name) is not { } first)
        {
            return null;
        }

        if (!entity.ContainsKey(name + "1"))
        {
            return first;
        }

        var builder = new System.Text.StringBuilder(first);
        for (var part = 1; entity.GetString(name + part.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } next; part++)
        {
            builder.Append(next);
        }

        return builder.ToString();
    }

    private async Task<string> ReadEpochAsync(CancellationToken cancellationToken)
    {
        var meta = await _table.GetEntityIfExistsAsync<TableEntity>(_partition, MetaRowKey, ["Epoch"], cancellationToken).ConfigureAwait(false);
        return meta.HasValue && meta.Value!.GetString("Epoch") is { Length: > 0 } epoch
            ? epoch
            : throw new InvalidOperationException($"The heap mirror of server '{_partition}' has no epoch; StartEpochAsync comes first.");
    }

    private IAsyncEnumerable<TableEntity> QueryRecordRowsAsync(CancellationToken cancellationToken) =>
        _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {_partition} and RowKey ge {RecordPrefix} and RowKey lt {"r;"}"),
            cancellationToken: cancellationToken);

    private async Task DeleteAsync(IReadOnlyList<TableEntity> entities, CancellationToken cancellationToken)
    {
        foreach (var chunk in entities.Chunk(MaxOperationsPerTransaction))
        {
            try
            {
                await _table.SubmitTransactionAsync(
                    chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(e.PartitionKey, e.RowKey), ETag.All)),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // One of them was gone already (a purge retried after a crash): delete one by one, missing is fine.
                foreach (var entity in chunk)
                {
                    await _table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }
}
