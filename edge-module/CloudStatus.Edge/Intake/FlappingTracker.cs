using System.Runtime.CompilerServices;
using CloudStatus.Core.Filtering;
using CloudStatus.Core.Model;
using CloudStatus.Edge.History;

namespace CloudStatus.Edge.Intake;

/// <summary>
/// The chatter filter (E5) over the buffered producers, and the list of those flapping so that one which goes quiet
/// stops flapping even if it never reports again. Not thread-safe: the <see cref="ObservationBuffer"/> that owns it
/// (and the entries and queues) calls it under its lock.
/// </summary>
internal sealed class FlappingTracker(
    ChatterOptions options, BufferedProducers entries, WriteQueues queues, HistoryRecorder? history)
{
    private readonly ChatterFilter _chatter = new(options);
    private List<int> _flapping = [];

    /// <summary>Takes a reported health through the filter. Allocation-free unless the producer starts flapping.</summary>
    public IntakeChanges Observe(int slot, ref BufferedProducer entry, Health reported, bool known, long nowMs)
    {
        var changes = entry.ObserveHealth(_chatter, reported, known, nowMs);
        if ((changes & IntakeChanges.FlappingStarted) != 0)
        {
            _flapping.Add(slot);
        }

        return changes;
    }

    /// <summary>
    /// Re-evaluates the flapping producers with their last report and files those that stopped as their rules say.
    /// Returns how many stopped, and whether one of them now waits for an async write.
    /// </summary>
    public (int Stopped, bool WriteNow) Settle(long nowMs)
    {
        if (_flapping.Count == 0)
        {
            return (0, false);
        }

        var (stopped, writeNow) = (0, false);
        var still = new List<int>(_flapping.Count);
        foreach (var slot in _flapping)
        {
            ref var entry = ref entries.At(slot);
            if (Unsafe.IsNullRef(ref entry) || !ChatterFilter.IsFlapping(in entry.Chatter))
            {
                continue;
            }

            var verdict = _chatter.Observe(ref entry.Chatter, entry.Reported, nowMs);
            if (verdict != ChatterVerdict.StoppedFlapping && ChatterFilter.IsFlapping(in entry.Chatter))
            {
                still.Add(slot);
                continue;
            }

            stopped++;
            history?.Note(entries.IdOf(slot), IntakeChanges.FlappingStopped, entry.Reported, entry.Reported, entry.Health);
            writeNow |= queues.File(slot, ref entry, entry.Rules.Classify(IntakeChanges.FlappingStopped));
        }

        _flapping = still;
        return (stopped, writeNow);
    }

    /// <summary>Drops forgotten producers' slots (before the slots can be reused).</summary>
    public void Forget(HashSet<int> slots) => _flapping.RemoveAll(slots.Contains);
}
