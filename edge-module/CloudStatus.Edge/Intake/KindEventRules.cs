namespace CloudStatus.Edge.Intake;

/// <summary>
/// The event rules (E4) for one kind of producer: which of its changes are events, written at once between periods.
/// Every other change is held back to the periodic write. A pending add that matched and a silenced producer heard
/// again are always written at once, whatever the kind.
/// </summary>
/// <param name="Reboot">A reported reboot is written at once.</param>
/// <param name="Add">The first observation of the producer is written at once.</param>
/// <param name="Delete">A reported deletion is written at once (otherwise it waits for the period).</param>
/// <param name="HealthChange">A change of its filtered health is written at once.</param>
/// <param name="Flapping">Its start and stop of flapping are written at once.</param>
/// <param name="MustKeepReporting">
/// It goes silent (it and everything under it offline) when not heard for a while, while the silence rule is on.
/// </param>
/// <param name="IdentityChange">
/// A change of its MAC or IP (after its first observation) is written at once: central's address journal checks it
/// for conflicts (docs/adr/0175). It carries no event; the record goes up in the batch the write wakes.
/// </param>
internal readonly record struct KindEventRules(
    bool Reboot, bool Add, bool Delete, bool HealthChange, bool Flapping, bool MustKeepReporting, bool IdentityChange = false)
{
    private const IntakeChanges Flaps = IntakeChanges.FlappingStarted | IntakeChanges.FlappingStopped;

    // Neither is written by itself: a resume is written through its reason, a reported health only once filtered.
    private const IntakeChanges NotWritten = IntakeChanges.Resumed | IntakeChanges.ReportedHealth;

    public IntakeVerdict Classify(IntakeChanges changes)
    {
        if (changes == IntakeChanges.None)
        {
            return default;
        }

        var now = PendingReasons.None;
        now |= Add && Has(changes, IntakeChanges.Appeared) ? PendingReasons.Appeared : PendingReasons.None;
        now |= Has(changes, IntakeChanges.Added) ? PendingReasons.Added : PendingReasons.None;
        now |= Has(changes, IntakeChanges.Resumed) ? PendingReasons.Resumed : PendingReasons.None;

        // The first observation's health is part of the appearance, not a change.
        now |= HealthChange && Has(changes, IntakeChanges.Health) && !Has(changes, IntakeChanges.Appeared)
            ? PendingReasons.HealthChange
            : PendingReasons.None;
        now |= Flapping && (changes & Flaps) != 0 ? PendingReasons.Flapping : PendingReasons.None;
        now |= IdentityChange && Has(changes, IntakeChanges.Identity) && !Has(changes, IntakeChanges.Appeared)
            ? PendingReasons.IdentityChange
            : PendingReasons.None;
        now |= Reboot && Has(changes, IntakeChanges.Reboot) ? PendingReasons.Reboot : PendingReasons.None;

        // A delete always goes through the writer's delete path; the rule only decides whether it waits.
        var delete = Has(changes, IntakeChanges.Delete) ? PendingReasons.Delete : PendingReasons.None;
        now |= Delete ? delete : PendingReasons.None;

        return new IntakeVerdict((changes & ~NotWritten) != 0, now | delete, now != PendingReasons.None);
    }

    private static bool Has(IntakeChanges changes, IntakeChanges change) => (changes & change) != 0;
}
