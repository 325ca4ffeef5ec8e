using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Heap;

/// <summary>
/// The uplink's delta baselines, kept in the producers' slots (docs/adr/0166): per producer, the sequence (as its
/// distance below the slot's own, 32 bits) and the state of the record the hub last acknowledged, and a flag for "a member a delta cannot carry changed since". No
/// dictionary and no second record: the state is the heap's own array until the next write replaces it there. They
/// live and die with the heap, so a restart (a new heap, a new epoch) starts without baselines.
/// </summary>
internal sealed partial class StatusHeap
{
    /// <summary>
    /// The hub acknowledged a batch holding these heap records: each becomes its producer's baseline when it is still
    /// the slot's record; a tombstone, or a record the heap has since replaced (its state bytes are gone), leaves none.
    /// </summary>
    public void AcknowledgeSent(IEnumerable<StatusRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_gate)
        {
            foreach (var record in records)
            {
                var slot = PresentSlot(record.ProducerId);
                if (slot < 0)
                {
                    continue;
                }

                ref var s = ref _slots[slot];
                if (s.AckSeq >= record.Seq && !record.Deleted)
                {
                    continue; // never move a baseline back
                }

                var current = !record.Deleted && !s.Deleted && s.Seq == record.Seq;
                s.AckLag = 0;
                s.AckState = current ? s.State : default;
                s.Flags = current
                    ? (s.Flags & ~HeapSlotFlags.BaseStale) | HeapSlotFlags.Baseline
                    : s.Flags & ~(HeapSlotFlags.BaseStale | HeapSlotFlags.Baseline);
            }
        }
    }

    /// <summary>
    /// The baseline a delta of <paramref name="producerId"/>'s record may be said against: false when there is none or a
    /// member a delta cannot carry (kind, parent, config, addresses, deletion) changed since it.
    /// </summary>
    public bool TryGetBaseline(string producerId, out long seq, out Utf8Text state)
    {
        ArgumentNullException.ThrowIfNull(producerId);
        lock (_gate)
        {
            var slot = PresentSlot(producerId);
            if (slot >= 0)
            {
                ref var s = ref _slots[slot];
                if (s.AckSeq != 0 && (s.Flags & HeapSlotFlags.BaseStale) == 0)
                {
                    (seq, state) = (s.AckSeq, s.AckState);
                    return true;
                }
            }
        }

        (seq, state) = (0, default);
        return false;
    }

    /// <summary>Whether writing <paramref name="record"/> over <paramref name="s"/> changes what a delta leaves out (or deletes the producer).</summary>
    private static bool BaselineCannotCarry(in HeapSlot s, StatusRecord record, int parent, HeapExtras? extras) =>
        record.Deleted || s.Deleted
        || !string.Equals(s.Kind, record.Kind, StringComparison.Ordinal)
        || s.Parent - 1 != parent
        || !string.Equals(s.Extras?.Config, extras?.Config, StringComparison.Ordinal)
        || !string.Equals(s.Extras?.Mac, extras?.Mac, StringComparison.Ordinal)
        || !string.Equals(s.Extras?.Ip, extras?.Ip, StringComparison.Ordinal);
}
