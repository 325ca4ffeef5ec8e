using System.Runtime.CompilerServices;
using CloudStatus.Core.Wire;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Heap;

/// <summary>
/// The local heap status cache of one server (E2): the latest record per producer, in memory, mirrored durably.
/// Every write takes the next sequence number and the local timestamp, goes to the mirror first and only then to
/// memory, and wakes the subscribers of <see cref="Written"/>. The digest is kept incrementally by a
/// <see cref="DigestAccumulator"/>, exactly as central keeps its own. Writes are serialized; reads are safe from any thread.
/// </summary>
internal sealed partial class StatusHeap : IStatusHeapView
{
    private const ProducerIndex.Holder Holds = ProducerIndex.Holder.HeapRecord | ProducerIndex.Holder.HeapParent;
    private readonly IHeapMirror _mirror;
    private readonly HeapOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly Lock _gate = new();

    // One slot per producer, shared with the observation buffer through the index (docs/adr/0165).
    private readonly PagedArray<HeapSlot> _slots = new();
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
            Apply(record, record.State);
            _maxSeq = Math.Max(_maxSeq, record.Seq);
        }
    }

    /// <summary>The producers' slot numbers, shared with the observation buffer.</summary>
    public ProducerIndex Producers { get; } = new();

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
            var slot = PresentSlot(producerId);
            return slot < 0 ? null : Materialize(slot, producerId);
        }
    }

    /// <summary>The stored record of a producer as a write (its state shared, not copied); false when unknown or purged.</summary>
    public bool TryGetWrite(string producerId, out HeapWrite stored)
    {
        lock (_gate)
        {
            var slot = PresentSlot(producerId);
            if (slot < 0)
            {
                stored = default;
                return false;
            }

            ref var s = ref _slots[slot];
            var extras = s.Extras;
            stored = new HeapWrite(
                producerId, s.Kind, ParentIdOf(in s), s.Health, s.State, extras?.Config,
                s.Deleted, s.Silent, s.Flapping, s.EventName, extras?.Mac, extras?.Ip);
            return true;
        }
    }

    /// <summary>
    /// True when writing <paramref name="write"/> would change the producer's record: there is none, it is a tombstone,
    /// or any of kind, parent, health, state, config, silent, flapping, MAC or IP differs (as <c>HeapDiff.IsChange</c>
    /// decides, on the slot, without allocating).
    /// </summary>
    public bool Differs(in HeapWrite write)
    {
        lock (_gate)
        {
            var slot = PresentSlot(write.ProducerId);
            if (slot < 0)
            {
                return true;
            }

            ref var s = ref _slots[slot];
            var extras = s.Extras;
            return s.Deleted
                || s.Health != write.Health
                || s.Silent != write.Silent
                || s.Flapping != write.Flapping
                || !string.Equals(s.Kind, write.Kind, StringComparison.Ordinal)
                || !ParentIs(in s, write.ParentId)
                || s.State != write.State
                || !string.Equals(extras?.Config, write.Config, StringComparison.Ordinal)
                || !string.Equals(extras?.Mac, write.Mac, StringComparison.Ordinal)
                || !string.Equals(extras?.Ip, write.Ip, StringComparison.Ordinal);
        }
    }

    public IReadOnlyList<StatusRecord> Records()
    {
        lock (_gate)
        {
            return CollectFromLocked(long.MinValue);
        }
    }

    /// <summary>The live children of a producer (tombstones left out).</summary>
    public IReadOnlyList<string> LiveChildrenOf(string producerId)
    {
        lock (_gate)
        {
            var parent = Producers.Find(producerId);
            if (parent < 0)
            {
                return [];
            }

            var result = new List<string>();
            for (var child = _slots[parent].FirstChild - 1; child >= 0; child = _slots[child].NextSibling - 1)
            {
                ref var s = ref _slots[child];
                if (s.Present && !s.Deleted)
                {
                    result.Add(Producers.IdOf(child));
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
                    State = w.State.ToString(),
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
                for (var i = 0; i < records.Length; i++)
                {
                    Apply(records[i], writes[i].State);
                }

                _maxSeq = seq;
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
            var cutoffTicks = cutoff.UtcTicks;
            List<string> purge = [];
            lock (_gate)
            {
                var bound = _slots.Bound;
                for (var slot = 0; slot < bound; slot++)
                {
                    ref var s = ref _slots[slot];
                    if (s.Present && s.Deleted && s.Seq <= _lastSent && s.Ticks <= cutoffTicks)
                    {
                        purge.Add(Producers.IdOf(slot));
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
                    var slot = PresentSlot(id);
                    if (slot >= 0)
                    {
                        ref var s = ref _slots[slot];
                        RemoveChild(s.Parent - 1, slot);
                        s = new HeapSlot { FirstChild = s.FirstChild };
                        Settle(slot);
                    }
                }
            }

            Log.TombstonesPurged(_logger, purge.Count);
            return purge.Count;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Stores a record in its slot; <paramref name="state"/> is its state as UTF-8 (the buffer's own bytes when it came from there).</summary>
    private void Apply(StatusRecord record, Utf8Text state)
    {
        var id = record.ProducerId;
        var slot = Producers.Acquire(id, ProducerIndex.Holder.HeapRecord);
        ref var s = ref _slots[slot];
        var parent = record.ParentId is null ? -1 : Producers.Acquire(record.ParentId, ProducerIndex.Holder.HeapParent);
        var evt = HeapSlot.EventCode(record.Event);
        var extras = HeapExtras.Of(record.Config, record.Mac, record.Ip, evt == HeapSlot.OtherEvent ? record.Event : null);
        var ackSeq = s.Present ? s.AckSeq : 0;
        var baseStale = ackSeq != 0 && ((s.Flags & HeapSlotFlags.BaseStale) != 0 || BaselineCannotCarry(in s, record, parent, extras));
        var keepsBaseline = ackSeq != 0 && record.Seq - ackSeq <= uint.MaxValue; // else the next record goes whole
        if (s.Present)
        {
            if (!s.Deleted)
            {
                _digest.Remove(id, s.Seq);
            }

            if (s.Parent - 1 != parent)
            {
                RemoveChild(s.Parent - 1, slot);
                AddChild(parent, slot);
            }
        }
        else
        {
            AddChild(parent, slot);
        }

        s.Kind = record.Kind;
        s.State = state;
        s.Extras = extras;
        s.Seq = record.Seq;
        s.Ticks = record.LocalTimestamp.UtcTicks;
        s.Health = record.Health;
        s.Event = evt;
        s.Flags = HeapSlotFlags.Present
            | (record.Deleted ? HeapSlotFlags.Deleted : HeapSlotFlags.None)
            | (record.Silent ? HeapSlotFlags.Silent : HeapSlotFlags.None)
            | (record.Flapping ? HeapSlotFlags.Flapping : HeapSlotFlags.None)
            | (baseStale ? HeapSlotFlags.BaseStale : HeapSlotFlags.None)
            | (keepsBaseline ? HeapSlotFlags.Baseline : HeapSlotFlags.None);
        s.AckLag = keepsBaseline ? (uint)(record.Seq - ackSeq) : 0;
        if (!keepsBaseline)
        {
            s.AckState = default;
        }

        if (!record.Deleted)
        {
            _digest.Add(id, record.Seq);
        }
    }

    private void AddChild(int parent, int child)
    {
        _slots[child].Parent = parent + 1;
        if (parent < 0)
        {
            return;
        }

        ref var p = ref _slots[parent];
        _slots[child].NextSibling = p.FirstChild;
        p.FirstChild = child + 1;
    }

    private void RemoveChild(int parent, int child)
    {
        ref var c = ref _slots[child];
        var next = c.NextSibling;
        c.Parent = 0;
        c.NextSibling = 0;
        if (parent < 0)
        {
            return;
        }

        ref var link = ref _slots[parent].FirstChild;
        while (link != 0 && link - 1 != child)
        {
            link = ref _slots[link - 1].NextSibling;
        }

        if (link != 0)
        {
            link = next;
        }

        Settle(parent);
    }

    /// <summary>Lets go of what the heap no longer needs of a slot: the record hold without a record, the parent hold without children.</summary>
    private void Settle(int slot)
    {
        ref var s = ref _slots[slot];
        var unused = (s.Present ? ProducerIndex.Holder.None : ProducerIndex.Holder.HeapRecord)
            | (s.FirstChild != 0 ? ProducerIndex.Holder.None : ProducerIndex.Holder.HeapParent);
        if (unused == Holds)
        {
            s = default;
        }

        Producers.Release(slot, unused);
    }

    private int PresentSlot(string producerId)
    {
        var slot = Producers.Find(producerId);
        if (slot < 0)
        {
            return -1;
        }

        ref var s = ref _slots.Peek(slot);
        return !Unsafe.IsNullRef(ref s) && s.Present ? slot : -1;
    }

    private string? ParentIdOf(in HeapSlot s) => s.Parent == 0 ? null : Producers.IdOf(s.Parent - 1);

    private bool ParentIs(in HeapSlot s, string? parentId) =>
        parentId is null ? s.Parent == 0 : s.Parent != 0 && Producers.IsId(s.Parent - 1, parentId);

    private StatusRecord Materialize(int slot, string? producerId = null)
    {
        ref var s = ref _slots[slot];
        var extras = s.Extras;
        return new StatusRecord
        {
            ProducerId = producerId ?? Producers.IdOf(slot),
            Kind = s.Kind,
            ParentId = ParentIdOf(in s),
            Seq = s.Seq,
            LocalTimestamp = new DateTimeOffset(s.Ticks, TimeSpan.Zero),
            Health = s.Health,
            State = s.State.ToString(),
            Config = extras?.Config,
            Deleted = s.Deleted,
            Silent = s.Silent,
            Flapping = s.Flapping,
            Event = s.EventName,
            Mac = extras?.Mac,
            Ip = extras?.Ip,
        };
    }

    /// <summary>The present records with seq ≥ <paramref name="fromSeq"/>, in sequence order (a scan of the slots: no index to keep).</summary>
    private List<StatusRecord> CollectFromLocked(long fromSeq)
    {
        var found = new List<(long Seq, int Slot)>();
        var bound = _slots.Bound;
        for (var slot = 0; slot < bound; slot++)
        {
            ref var s = ref _slots.Peek(slot);
            if (!Unsafe.IsNullRef(ref s) && s.Present && s.Seq >= fromSeq)
            {
                found.Add((s.Seq, slot));
            }
        }

        found.Sort(static (a, b) => a.Seq.CompareTo(b.Seq));
        var result = new List<StatusRecord>(found.Count);
        foreach (var (_, slot) in found)
        {
            result.Add(Materialize(slot));
        }

        return result;
    }

    private HeapDigest DigestLocked() => _digest.ToDigest(_maxSeq);
}
