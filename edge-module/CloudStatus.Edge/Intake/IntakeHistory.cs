using CloudStatus.Core.History;
using CloudStatus.Core.Model;
using CloudStatus.Edge.History;

namespace CloudStatus.Edge.Intake;

/// <summary>
/// Notes an observation's transitions in the local full-fidelity history, unfiltered: also the reported health
/// changes the chatter filter holds back.
/// </summary>
internal static class IntakeHistory
{
    public static void Note(this HistoryRecorder history, string producerId, IntakeChanges changes, Health reported, Health previous, Health filtered)
    {
        if (Has(changes, IntakeChanges.Appeared))
        {
            history.Record(producerId, LocalEventTypes.Appeared, reported);
        }

        if (Has(changes, IntakeChanges.Added))
        {
            history.Record(producerId, LocalEventTypes.Configured, detail: "pending add applied");
        }

        if (Has(changes, IntakeChanges.Resumed))
        {
            history.Record(producerId, LocalEventTypes.Resumed, reported);
        }

        if (Has(changes, IntakeChanges.ReportedHealth))
        {
            history.Record(producerId, LocalEventTypes.Health, reported, previous);
        }

        if (Has(changes, IntakeChanges.FlappingStarted | IntakeChanges.FlappingStopped))
        {
            var type = Has(changes, IntakeChanges.FlappingStarted) ? LocalEventTypes.FlappingStarted : LocalEventTypes.FlappingStopped;
            history.Record(producerId, type, filtered);
        }

        if (Has(changes, IntakeChanges.Reboot))
        {
            history.Record(producerId, LocalEventTypes.Reboot, reported);
        }

        if (Has(changes, IntakeChanges.Delete))
        {
            history.Record(producerId, LocalEventTypes.Delete, detail: "reported by the producer");
        }
    }

    private static bool Has(IntakeChanges changes, IntakeChanges change) => (changes & change) != 0;
}
