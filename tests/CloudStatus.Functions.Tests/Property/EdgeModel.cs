using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Functions.Tests.Property;

public enum EdgeOpKind
{
    Upsert,
    AsyncUpsert,
    Delete,
    Pump,
    PurgeSentTombstones,
    Restart,
}

/// <summary>One step of an edge history: a write to producer <see cref="Producer"/>, a pump, a purge or a heap restart.</summary>
public sealed record EdgeOp(EdgeOpKind Kind, int Producer, Health Health)
{
    public override string ToString() => $"{Kind}(p{Producer},{Health})";
}

/// <summary>
/// A small test-side model of one local server following the brief's edge rules: a heap with one seq per write,
/// tombstones kept until sent (then purgeable), a pump that sends async records ahead of a backlog and everything
/// pending as a periodic batch, heartbeats with the digest, resync answers, and heap restarts (new epoch).
/// </summary>
internal sealed class EdgeModel
{
    public const string ServerId = "srv-p";

    private readonly Dictionary<string, (StatusRecord Record, bool Async)> _heap = new(StringComparer.Ordinal);
    private int _epochNumber = 1;
    private long _seq;
    private long _lastSent;

    public string Epoch => "epoch-" + _epochNumber;

    public IEnumerable<StatusRecord> Live => _heap.Values.Select(e => e.Record).Where(r => !r.Deleted);

    /// <summary>Applies one op; returns the batches it sent (in order).</summary>
    public IReadOnlyList<StatusBatch> Apply(EdgeOp op)
    {
        var id = ServerId + ".p" + op.Producer;
        switch (op.Kind)
        {
            case EdgeOpKind.Upsert or EdgeOpKind.AsyncUpsert:
                Write(id, op.Health, deleted: false, async: op.Kind == EdgeOpKind.AsyncUpsert);
                return [];
            case EdgeOpKind.Delete when _heap.TryGetValue(id, out var e) && !e.Record.Deleted:
                Write(id, e.Record.Health, deleted: true, async: true);
                return [];
            case EdgeOpKind.Pump:
                return Pump();
            case EdgeOpKind.PurgeSentTombstones:
                foreach (var key in _heap.Where(kv => kv.Value.Record.Deleted && kv.Value.Record.Seq <= _lastSent).Select(kv => kv.Key).ToList())
                {
                    _heap.Remove(key);
                }

                return [];
            case EdgeOpKind.Restart:
                _heap.Clear();
                _epochNumber++;
                _seq = 0;
                _lastSent = 0;
                return [];
            default:
                return [];
        }
    }

    /// <summary>Sends everything pending (async ahead of a backlog), then a heartbeat: the heap is then fully sent.</summary>
    public IReadOnlyList<StatusBatch> Flush() => [.. Pump(), Heartbeat()];

    /// <summary>A heartbeat at the highest seq sent, with the digest; like the edge, only once the heap is fully sent.</summary>
    public StatusBatch Heartbeat() => _lastSent == _seq
        ? Batch(BatchKind.Heartbeat, _lastSent, _lastSent, []) with { Digest = Digest() }
        : throw new InvalidOperationException($"Heap not fully sent (seq {_seq}, sent {_lastSent}): the edge sends no heartbeat then.");

    /// <summary>
    /// The answer to <c>resync {fromSeq}</c>, as LocalSystemManager gives it: every record (live or tombstone) with
    /// seq ≥ fromSeq, which also moves lastSent when it continues what was sent; a heartbeat when nothing is that new.
    /// </summary>
    public StatusBatch Resync(long fromSeq)
    {
        if (fromSeq > _seq)
        {
            return Heartbeat();
        }

        var batch = Batch(BatchKind.Resync, fromSeq, _seq, [.. _heap.Values.Select(e => e.Record).Where(r => r.Seq >= fromSeq).OrderBy(r => r.Seq)]);
        if (fromSeq <= _lastSent + 1)
        {
            _lastSent = _seq;
        }

        return batch;
    }

    public HeapDigest Digest() => new()
    {
        Count = Live.Count(),
        MaxSeq = _seq,
        Hash = DigestHash.Format(Live.Aggregate(0UL, (sum, r) => unchecked(sum + DigestHash.Of(r.ProducerId, r.Seq)))),
    };

    private void Write(string id, Health health, bool deleted, bool async)
    {
        _seq++;
        _heap[id] = (new StatusRecord
        {
            ProducerId = id,
            Kind = ProducerKind.Device,
            ParentId = ServerId,
            Seq = _seq,
            LocalTimestamp = DateTimeOffset.UnixEpoch.AddSeconds(_seq),
            Health = health,
            State = $$"""{"v":{{_seq}}}""",
            Deleted = deleted,
            Event = async ? (deleted ? RecordEvents.Delete : RecordEvents.HealthChange) : null,
        }, async);
    }

    private List<StatusBatch> Pump()
    {
        var pending = _heap.Values.Where(e => e.Record.Seq > _lastSent).OrderBy(e => e.Record.Seq).ToList();
        if (pending.Count == 0)
        {
            return [];
        }

        var result = new List<StatusBatch>();
        var asyncs = pending.Where(e => e.Async).Select(e => e.Record).ToList();
        var backlog = pending.Any(e => !e.Async);
        if (asyncs.Count > 0 && backlog)
        {
            result.Add(Batch(BatchKind.Async, asyncs[0].Seq, asyncs[^1].Seq, asyncs));
        }

        var kind = asyncs.Count > 0 && !backlog ? BatchKind.Async : BatchKind.Periodic;
        result.Add(Batch(kind, _lastSent + 1, _seq, [.. pending.Select(e => e.Record)]));
        _lastSent = _seq;
        return result;
    }

    private StatusBatch Batch(BatchKind kind, long from, long to, IReadOnlyList<StatusRecord> records) => new()
    {
        TenantId = "tenant-p",
        SiteId = "site-p",
        ServerId = ServerId,
        Epoch = Epoch,
        SeqFrom = from,
        SeqTo = to,
        Kind = kind,
        SentAt = DateTimeOffset.UnixEpoch,
        Records = records,
    };
}
