using System.Runtime.CompilerServices;

namespace CloudStatus.Edge.Intake;

/// <summary>
/// The silence rule's bookkeeping (E4): which buffered producers must keep reporting, when each was last heard, and
/// which are silenced. Not thread-safe: the <see cref="ObservationBuffer"/> that owns it (and the entries) calls it
/// under its lock.
/// </summary>
internal sealed class SilenceTracker(BufferedProducers entries)
{
    private const int MaxDepth = 32;
    private List<int> _watched = [];

    /// <summary>Starts watching a new producer if its kind must keep reporting (a later change of kind does not change that).</summary>
    public void Watch(int slot, ref BufferedProducer entry)
    {
        entry.Watched = entry.Rules.MustKeepReporting;
        if (entry.Watched)
        {
            _watched.Add(slot);
        }
    }

    /// <summary>Notes that the producer was heard now; a silenced one resumes.</summary>
    public static IntakeChanges Heard(ref BufferedProducer entry, long nowMs)
    {
        entry.LastHeardMs = nowMs;
        if (!entry.Silenced)
        {
            return IntakeChanges.None;
        }

        entry.Silenced = false;
        return IntakeChanges.Resumed;
    }

    /// <summary>Silences every watched producer not heard for longer than <paramref name="timeoutMs"/>; returns the newly silenced.</summary>
    public List<string> MarkSilent(long nowMs, long timeoutMs)
    {
        var result = new List<string>();
        var alive = new List<int>(_watched.Count);
        foreach (var slot in _watched)
        {
            ref var entry = ref entries.At(slot);
            if (Unsafe.IsNullRef(ref entry) || !entry.Watched)
            {
                continue; // forgotten: no longer watched
            }

            alive.Add(slot);
            if (!entry.Silenced && nowMs - entry.LastHeardMs > timeoutMs)
            {
                entry.Silenced = true;
                result.Add(entries.IdOf(slot));
            }
        }

        _watched = alive;
        return result;
    }

    /// <summary>True when the producer or one of its buffered ancestors is silenced.</summary>
    public bool IsUnderSilence(string producerId)
    {
        string? id = producerId;
        for (var depth = 0; id is not null && depth < MaxDepth; depth++)
        {
            ref var entry = ref entries.Find(id);
            if (Unsafe.IsNullRef(ref entry))
            {
                return false;
            }

            if (entry.Silenced)
            {
                return true;
            }

            id = entry.ParentId;
        }

        return false;
    }

    /// <summary>Drops forgotten producers' slots (before the slots can be reused).</summary>
    public void Forget(HashSet<int> slots) => _watched.RemoveAll(slots.Contains);
}
