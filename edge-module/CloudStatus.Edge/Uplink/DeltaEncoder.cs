using CloudStatus.Core.Wire;
using CloudStatus.Edge.Heap;

namespace CloudStatus.Edge.Uplink;

/// <summary>
/// Turns heap records into what goes on the wire: a delta against the record of the same producer that the hub last
/// acknowledged (what central holds once it has applied everything sent), or the full record when there is none or
/// the change cannot be said as one; every record gives its age instead of its timestamp. The baselines live in the
/// heap's slots (<see cref="StatusHeap.TryGetBaseline"/>, docs/adr/0166) and move only on acknowledgement, so a failed
/// send is diffed against the same base again. Not thread-safe: the pump serializes.
/// </summary>
internal sealed class DeltaEncoder(StatusHeap heap)
{
    /// <summary>The wire form of <paramref name="record"/> in a batch sent at <paramref name="sentAt"/>; full when <paramref name="allowDelta"/> is false (a resync).</summary>
    public StatusRecord ToWire(StatusRecord record, DateTimeOffset sentAt, bool allowDelta)
    {
        ArgumentNullException.ThrowIfNull(record);
        var wire = allowDelta && !record.Deleted && heap.TryGetBaseline(record.ProducerId, out var baseSeq, out var baseState)
            ? Delta(baseSeq, baseState, record) ?? record
            : record;
        return record.LocalTimestamp.Offset == sentAt.Offset && record.LocalTimestamp <= sentAt
            ? wire with { AgeTicks = (sentAt - record.LocalTimestamp).Ticks }
            : wire;
    }

    /// <summary>The hub acknowledged a batch holding these heap records: they become the producers' baselines.</summary>
    public void Acknowledge(IEnumerable<StatusRecord> records) => heap.AcknowledgeSent(records);

    /// <summary>
    /// <paramref name="record"/> as a delta against the baseline (its sequence and state; the heap vouches that the
    /// other members are the baseline's), or null when it must go whole: an older record than the baseline, or a state
    /// that became null (absent in a delta means "as in the base").
    /// </summary>
    private static StatusRecord? Delta(long baseSeq, Utf8Text baseState, StatusRecord record)
    {
        if (baseSeq > record.Seq || (record.State is null && !baseState.IsNull))
        {
            return null;
        }

        var state = baseState.Matches(record.State) ? null : record.State;
        var patch = state is not null && !baseState.IsNull ? StatePatch.Diff(baseState.ToString()!, state) : null;
        return record with
        {
            Kind = string.Empty,
            ParentId = null,
            Config = null,
            Mac = null,
            Ip = null,
            State = patch is null ? state : null,
            StatePatch = patch,
            Base = baseSeq,
        };
    }
}
