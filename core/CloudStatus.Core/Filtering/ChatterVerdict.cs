namespace CloudStatus.Core.Filtering;

/// <summary>What one observation did to a producer's chatter state.</summary>
public enum ChatterVerdict
{
    /// <summary>Not flapping, and the effective health did not change.</summary>
    Unchanged = 0,

    /// <summary>Not flapping, and the effective health changed to the observed health: propagate it.</summary>
    Changed = 1,

    /// <summary>This transition reached the threshold: the producer is flapping; report it, hold the health.</summary>
    StartedFlapping = 2,

    /// <summary>Still flapping after this observation (transition or not): nothing to propagate.</summary>
    StillFlapping = 3,

    /// <summary>A full window passed without a transition: flapping is over, the effective health is the latest observed.</summary>
    StoppedFlapping = 4,
}
