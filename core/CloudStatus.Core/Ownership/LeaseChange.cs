namespace CloudStatus.Core.Ownership;

/// <summary>What one <see cref="LeaseArbiter"/> step did to a lease.</summary>
public enum LeaseChange
{
    None,
    Created,
    TakenOver,
    HandbackStarted,
    HandbackAborted,
    HandedBack,
}

/// <summary>A lease after one arbiter step, and what the step changed (None: store nothing).</summary>
public readonly record struct LeaseTransition(Lease Lease, LeaseChange Change);
