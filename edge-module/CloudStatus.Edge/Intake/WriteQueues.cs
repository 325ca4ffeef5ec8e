using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CloudStatus.Edge.Intake;

/// <summary>
/// The two lists the event detector (E4) sorts changed producers into: the dirty list, drained by the periodic write,
/// and the async list, drained at once. A producer is in each at most once; one in the async list is written by the
/// async writer only. Not thread-safe: the <see cref="ObservationBuffer"/> that owns it (and the entries) calls it
/// under its lock.
/// </summary>
internal sealed class WriteQueues(Dictionary<string, BufferedProducer> entries)
{
    private List<string> _dirty = [];
    private List<string> _async = [];

    /// <summary>Files a producer by the rules' verdict; true when it now waits for an async write.</summary>
    public bool File(string producerId, ref BufferedProducer entry, IntakeVerdict verdict)
    {
        entry.Reasons |= verdict.Reasons;
        if (verdict.Changed)
        {
            MarkDirty(producerId, ref entry);
        }

        if (verdict.WriteNow)
        {
            Queue(producerId, ref entry);
        }

        return verdict.WriteNow;
    }

    /// <summary>Puts drained producers back (their write failed); true when some wait for an async write again.</summary>
    public bool Requeue(IEnumerable<ProducerView> views, bool isAsync)
    {
        var queued = false;
        foreach (var view in views)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(entries, view.ProducerId);
            if (Unsafe.IsNullRef(ref entry))
            {
                continue;
            }

            entry.Reasons |= view.Reasons;
            if (isAsync)
            {
                queued |= Queue(view.ProducerId, ref entry);
            }
            else
            {
                MarkDirty(view.ProducerId, ref entry);
            }
        }

        return queued;
    }

    /// <summary>Producers changed since the last drain that are not waiting for an async write.</summary>
    public List<ProducerView> DrainDirty()
    {
        var ids = _dirty;
        _dirty = [];
        var views = new List<ProducerView>(ids.Count);
        foreach (var id in ids)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(entries, id);
            if (Unsafe.IsNullRef(ref entry) || !entry.Dirty || entry.Queued)
            {
                continue; // forgotten, already written, or the async writer takes it (and clears Dirty)
            }

            entry.Dirty = false;
            views.Add(Take(id, ref entry));
        }

        return views;
    }

    /// <summary>Producers waiting for an async write, with their reasons (which are cleared).</summary>
    public List<ProducerView> DrainAsync()
    {
        var ids = _async;
        _async = [];
        var views = new List<ProducerView>(ids.Count);
        foreach (var id in ids)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(entries, id);
            if (Unsafe.IsNullRef(ref entry) || !entry.Queued)
            {
                continue;
            }

            entry.Queued = false;
            entry.Dirty = false;
            views.Add(Take(id, ref entry));
        }

        return views;
    }

    private static ProducerView Take(string producerId, ref BufferedProducer entry)
    {
        var view = entry.ToView(producerId);
        entry.Reasons = PendingReasons.None;
        return view;
    }

    private void MarkDirty(string producerId, ref BufferedProducer entry)
    {
        if (!entry.Dirty)
        {
            entry.Dirty = true;
            _dirty.Add(producerId);
        }
    }

    private bool Queue(string producerId, ref BufferedProducer entry)
    {
        if (entry.Queued)
        {
            return false;
        }

        entry.Queued = true;
        _async.Add(producerId);
        return true;
    }
}
