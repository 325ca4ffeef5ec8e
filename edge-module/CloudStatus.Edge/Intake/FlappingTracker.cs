using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
    ChatterOptions options, Dictionary<string, BufferedProducer> entries, WriteQueues queues, HistoryRecorder? history)
{
    private readonly ChatterFilter _chatter = new(options);
    private List<string> _flapping = [];

    /// <summary>Takes a reported health through the filter. Allocation-free unless the producer starts flapping.</summary>
    public IntakeChanges Observe(string producerId, ref BufferedProducer entry, Health reported, bool known, long nowMs)
    {
        var changes = entry.ObserveHealth(_chatter, reported, known, nowMs);
        if ((changes & IntakeChanges.FlappingStarted) != 0)
        {
            _flapping.Add(producerId);
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
        var still = new List<string>(_flapping.Count);
        foreach (var id in _flapping)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(entries, id);
            if (Unsafe.IsNullRef(ref entry) || !ChatterFilter.IsFlapping(in entry.Chatter))
            {
                continue;
            }

            var verdict = _chatter.Observe(ref entry.Chatter, entry.Reported, nowMs);
            if (verdict != ChatterVerdict.StoppedFlapping && ChatterFilter.IsFlapping(in entry.Chatter))
            {
                still.Add(id);
                continue;
            }

            stopped++;
            history?.Note(id, IntakeChanges.FlappingStopped, entry.Reported, entry.Reported, entry.Health);
            writeNow |= queues.File(id, ref entry, entry.Rules.Classify(IntakeChanges.FlappingStopped));
        }

        _flapping = still;
        return (stopped, writeNow);
    }
}
