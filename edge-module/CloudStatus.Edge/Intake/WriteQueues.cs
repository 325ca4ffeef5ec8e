using System.Runtime.CompilerServices;

namespace CloudStatus.Edge.Intake;

/// <summary>
/// The two lists the event detector (E4) sorts changed producers into: the dirty list, drained by the periodic write,
/// and the async list, drained at once (slot numbers). A producer is in each at most once; one in the async list is
/// written by the async writer only. Not thread-safe: the <see cref="ObservationBuffer"/> that owns it (and the
/// entries) calls it under its lock.
/// </summary>
internal sealed class WriteQueues(BufferedProducers entries)
{
    private List<int> _dirty = [];
    private List<int> _async = [];

    /// <summary>Files a producer by the rules' verdict; true when it now waits for an async write.</summary>
    public bool File(int slot, ref BufferedProducer entry, IntakeVerdict verdict)
    {
        entry.Reasons |= verdict.Reasons;
        if (verdict.Changed)
        {
            MarkDirty(slot, ref entry);
        }

        if (verdict.WriteNow)
        {
            Queue(slot, ref entry);
        }

        return verdict.WriteNow;
    }

    /// <summary>Puts drained producers back (their write failed); true when some wait for an async write again.</summary>
    public bool Requeue(IEnumerable<ProducerView> views, bool isAsync)
    {
        var queued = false;
        foreach (var view in views)
        {
            var slot = entries.SlotOf(view.ProducerId);
            ref var entry = ref entries.At(slot);
            if (Unsafe.IsNullRef(ref entry))
            {
                continue;
            }

            entry.Reasons |= view.Reasons;
            if (isAsync)
            {
                queued |= Queue(slot, ref entry);
            }
            else
            {
                MarkDirty(slot, ref entry);
            }
        }

        return queued;
    }

    /// <summary>Producers changed since the last drain that are not waiting for an async write.</summary>
    public List<ProducerView> DrainDirty()
    {
        var slots = _dirty;
        _dirty = [];
        var views = new List<ProducerView>(slots.Count);
        foreach (var slot in slots)
        {
            ref var entry = ref entries.At(slot);
            if (Unsafe.IsNullRef(ref entry) || !entry.Dirty || entry.Queued)
            {
                continue; // forgotten, already written, or the async writer takes it (and clears Dirty)
            }

            entry.Dirty = false;
            views.Add(Take(slot, ref entry));
        }

        return views;
    }

    /// <summary>Producers waiting for an async write, with their reasons (which are cleared).</summary>
    public List<ProducerView> DrainAsync()
    {
        var slots = _async;
        _async = [];
        var views = new List<ProducerView>(slots.Count);
        foreach (var slot in slots)
        {
            ref var entry = ref entries.At(slot);
            if (Unsafe.IsNullRef(ref entry) || !entry.Queued)
            {
                continue;
            }

            entry.Queued = false;
            entry.Dirty = false;
            views.Add(Take(slot, ref entry));
        }

        return views;
    }

    /// <summary>Drops forgotten producers' slots (before the slots can be reused).</summary>
    public void Forget(HashSet<int> slots)
    {
        _dirty.RemoveAll(slots.Contains);
        _async.RemoveAll(slots.Contains);
    }

    private ProducerView Take(int slot, ref BufferedProducer entry)
    {
        var view = entry.ToView(entries.IdOf(slot));
        entry.Reasons = PendingReasons.None;
        return view;
    }

    private void MarkDirty(int slot, ref BufferedProducer entry)
    {
        if (!entry.Dirty)
        {
            entry.Dirty = true;
            _dirty.Add(slot);
        }
    }

    private bool Queue(int slot, ref BufferedProducer entry)
    {
        if (entry.Queued)
        {
            return false;
        }

        entry.Queued = true;
        _async.Add(slot);
        return true;
    }
}
