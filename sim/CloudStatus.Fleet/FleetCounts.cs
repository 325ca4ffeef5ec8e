namespace CloudStatus.Fleet;

/// <summary>What the fleet did so far.</summary>
public sealed class FleetCounts
{
    public long Observations { get; set; }
    public long Changes { get; set; }
    public long Flaps { get; set; }
    public long Reboots { get; set; }
    public long DarkSwitches { get; set; }

    /// <summary>Changes drawn for a producer whose switch was down or dark (not observed).</summary>
    public long LostChanges { get; set; }

    public long LinkChanges { get; set; }

    public FleetCounts Snapshot() => (FleetCounts)MemberwiseClone();

    internal void Add(FleetCounts other)
    {
        Observations += other.Observations;
        Changes += other.Changes;
        Flaps += other.Flaps;
        Reboots += other.Reboots;
        DarkSwitches += other.DarkSwitches;
        LostChanges += other.LostChanges;
        LinkChanges += other.LinkChanges;
    }
}
