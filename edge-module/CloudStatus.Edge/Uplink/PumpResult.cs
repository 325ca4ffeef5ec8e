namespace CloudStatus.Edge.Uplink;

internal enum PumpResult
{
    /// <summary>Nothing was pending.</summary>
    Idle,

    /// <summary>Everything pending was acknowledged.</summary>
    Sent,

    /// <summary>The transport failed; what was not acknowledged stays pending for the next try.</summary>
    Failed,
}
