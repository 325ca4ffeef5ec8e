using CloudStatus.Core.Wire;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Heap;

/// <summary>
/// The local heap status cache of one server (E2): the latest record per producer, in memory, mirrored durably.
/// Every write takes the next sequence number and the local timestamp, goes to the mirror first and only then to
/// memory, and wakes the subscribers of <see cref="Written"/>. The digest is kept incrementally by a
/// <see cref="DigestAccumulator"/>, exactly as central keeps its own. Writes are serialized; reads are safe from any thread.
/// </summary>
internal sealed class StatusHeap : IStatusHeapView
{
    private readonly IHeapMirror _mirror;
    private readonly HeapOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StatusRecord> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _children = new(StringComparer.Ordinal);

    // (seq, producerId) in the order written; an entry is current while the record still has that seq.
    private List<(long Seq, string ProducerId)> _seqLog = [];
    private readonly DigestAccumulator _digest = new();
    private long _maxSeq;
    private long _lastSent;

    private StatusHeap(IHeapMirror mirror, HeapOptions options, TimeProvider timeProvider, ILogger logger, HeapSnapshot snapshot)
    {
        _mirror = mirror;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        Epoch = snapshot.Epoch;
        _maxSeq = snapshot.LastSeq;
        _lastSent = Math.Min(snapshot.LastSent, snapshot.LastSeq);
        foreach (var record in snapshot.Records.OrderBy(r => r.Seq))
        {
            Apply(record);
            _maxSeq = Math.Max(_maxSeq, record.Seq);
        }
    }

    /// <summary>Raised after every write that changed the heap (outside any lock).</summary>
    public event Action? Written;

    public string Epoch { get; }

    public long MaxSeq
    {
        get
        {
            lock (_gate)
            {
                return _maxSeq;
            }
        }
    }

    public long LastSent
    {
        get
        {
            lock (_gate)
            {
                return _lastSent;
            }
        }
    }

    public int LiveCount
    {
        get
        {
            lock (_gate)
            {
                return (int)_digest.Count;
            }
        }
    }

    public HeapDigest Digest
    {
        get
        {
            lock (_gate)
            {
                return DigestLocked();
            }
        }
    }

    /// <summary>Loads the heap from its mirror, or starts a new epoch when the mirror holds nothing.</summary>
    public static async Task<StatusHeap> OpenAsync(
        IHeapMirror mirror, HeapOptions options, TimeProvider timeProvider, ILogger logger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        var snapshot = await mirror.LoadAsync(cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            var epoch = Guid.NewGuid().ToString("N");
            await mirror.StartEpochAsync(epoch, cancellationToken).ConfigureAwait(false);
            snapshot = new HeapSnapshot(epoch, 0, 0, []);
            Log.HeapStartedEpoch(logger, epoch);
        }
        else
        {
            Log.HeapRestored(logger, snapshot.Epoch, snapshot.Records.Count, snapshot.LastSeq, snapshot.LastSent);
        }

        return new StatusHeap(mirror, options, timeProvider, logger, snapshot);
    }

    public StatusRecord? Get(string producerId)
    {
        lock (_gate)
        {
            return _records.GetValueOrDefault(producerId);
        }
    }

    public IReadOnlyList<StatusRecord> Records()
    {
        lock (_gate)
        {
            return [.. _records.Values.OrderBy(r => r.Seq)];
        }
    }

    /// <summary>The live children of a producer (tombstones left out).</summary>
    public IReadOnlyList<string> LiveChildrenOf(string producerId)
    {
        lock (_gate)
        {
            if (!_children.TryGetValue(producerId, out var children))
            {
                return [];
            }

            var result = new List<string>(children.Count);
            foreach (var child in children)
            {
                if (_records.TryGetValue(child, out var record) && !record.Deleted)
                {
                    result.Add(child);
                }
            }

            return result;
        }
    }

    public HeapState GetState()
    {
        lock (_gate)
        {
            return new HeapState(Epoch, _lastSent, _maxSeq, DigestLocked());
        }
    }

    /// <summary>Records not yet acknowledged (seq &gt; lastSent), with the highest sequence issued.</summary>
    public HeapPending GetPending()
    {
        lock (_gate)
        {
            return new HeapPending(Epoch, _lastSent, _maxSeq, CollectFromLocked(_lastSent + 1));
        }
    }

    /// <summary>Every record (live and retained tombstones) with seq ≥ <paramref name="fromSeq"/>.</summary>
    public HeapPending GetFrom(long fromSeq)
    {
        lock (_gate)
        {
            return new HeapPending(Epoch, _lastSent, _maxSeq, CollectFromLocked(fromSeq));
        }
    }

    /// <summary>
    /// Writes the given records under the next sequence numbers (one per write, in order) and the current local
    /// time: mirror first, then memory, then <see cref="Written"/>. Returns the records as stored.
    /// </summary>
    public async Task<IReadOnlyList<StatusRecord>> WriteAsync(IReadOnlyList<HeapWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        if (writes.Count == 0)
        {
            return [];
        }

        StatusRecord[] records;
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _timeProvider.GetUtcNow();
            var seq = MaxSeq;
            records = new StatusRecord[writes.Count];
            for (var i = 0; i < writes.Count; i++)
            {
                var w = writes[i];
                records[i] = new StatusRecord
                {
                    ProducerId = w.ProducerId,
                    Kind = w.Kind,
                    ParentId = w.ParentId,
                    Seq = ++seq,
                    LocalTimestamp = now,
                    Health = w.Health,
                    State = w.State,
                    Config = w.Config,
                    Deleted = w.Deleted,
                    Silent = w.Silent,
                    Flapping = w.Flapping,
                    Event = w.Event,
                    Mac = w.Mac,
                    Ip = w.Ip,
                };
            }

            await _mirror.PersistAsync(records, seq, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                foreach (var record in records)
                {
                    Apply(record);
                }

                _maxSeq = seq;
                CompactSeqLogLocked();
            }
        }
        finally
        {
            _writeGate.Release();
        }

        Written?.Invoke();
        return records;
    }

    /// <summary>Reads the mirror once (between writes, which it serializes with); throws when the mirror does not answer.</summary>
    public async Task ProbeMirrorAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _mirror.ProbeAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Moves lastSent forward (never back, never past the highest sequence) and persists it.</summary>
    public async Task AdvanceLastSentAsync(long lastSent, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long target;
            lock (_gate)
            {
                target = Math.Min(lastSent, _maxSeq);
                if (target <= _lastSent)
                {
                    return;
                }
            }

            await _mirror.PersistLastSentAsync(target, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _lastSent = target;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Purges tombstones that were acknowledged and are older than the retention window; returns how many.</summary>
    public async Task<int> PurgeTombstonesAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var cutoff = _timeProvider.GetUtcNow() - _options.TombstoneRetention;
            List<string> purge = [];
            lock (_gate)
            {
                foreach (var record in _records.Values)
                {
                    if (record.Deleted && record.Seq <= _lastSent && record.LocalTimestamp <= cutoff)
                    {
                        purge.Add(record.ProducerId);
                    }
                }
            }

            if (purge.Count == 0)
            {
                return 0;
            }

            await _mirror.PurgeAsync(purge, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                foreach (var id in purge)
                {
                    if (_records.Remove(id, out var record))
                    {
                        RemoveChild(record.ParentId, id);
                    }
                }

                CompactSeqLogLocked();
            }

            Log.TombstonesPurged(_logger, purge.Count);
            return purge.Count;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void Apply(StatusRecord record)
    {
        var id = record.ProducerId;
        if (_records.TryGetValue(id, out var old))
        {
            if (!old.Deleted)
            {
                _digest.Remove(id, old.Seq);
            }

            if (!string.Equals(old.ParentId, record.ParentId, StringComparison.Ordinal))
            {
                RemoveChild(old.ParentId, id);
                AddChild(record.ParentId, id);
            }
        }
        else
        {
            AddChild(record.ParentId, id);
        }

        _records[id] = record;
        if (!record.Deleted)
        {
            _digest.Add(id, record.Seq);
        }

        _seqLog.Add((record.Seq, id));
    }

    private void AddChild(string? parentId, string id)
    {
        if (parentId is null)
        {
            return;
        }

        if (!_children.TryGetValue(parentId, out var set))
        {
            set = new HashSet<string>(StringComparer.Ordinal);
            _children[parentId] = set;
        }

        set.Add(id);
    }

    private void RemoveChild(string? parentId, string id)
    {
        if (parentId is not null && _children.TryGetValue(parentId, out var set) && set.Remove(id) && set.Count == 0)
        {
            _children.Remove(parentId);
        }
    }

    private List<StatusRecord> CollectFromLocked(long fromSeq)
    {
        var result = new List<StatusRecord>();
        var start = FirstIndexAtOrAbove(fromSeq);
        for (var i = start; i < _seqLog.Count; i++)
        {
            var (seq, id) = _seqLog[i];
            if (_records.TryGetValue(id, out var record) && record.Seq == seq)
            {
                result.Add(record);
            }
        }

        return result;
    }

    private int FirstIndexAtOrAbove(long seq)
    {
        int lo = 0, hi = _seqLog.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (_seqLog[mid].Seq < seq)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private void CompactSeqLogLocked()
    {
        if (_seqLog.Count <= (2 * _records.Count) + 1024)
        {
            return;
        }

        var compacted = new List<(long, string)>(_records.Count + 1024);
        foreach (var entry in _seqLog)
        {
            if (_records.TryGetValue(entry.ProducerId, out var record) && record.Seq == entry.Seq)
            {
                compacted.Add(entry);
            }
        }

        _seqLog = compacted;
    }

    private HeapDigest DigestLocked() => _digest.ToDigest(_maxSeq);
}
