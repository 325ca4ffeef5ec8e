namespace CloudStatus.Hosting.Health;

/// <summary>Which endpoint runs a health check: <c>/healthz</c> runs the live ones, <c>/readyz</c> the ready ones.</summary>
public static class HealthTags
{
    /// <summary>The process works: it is up and its loops are not hung. A failure means restart it.</summary>
    public const string Live = "live";

    /// <summary>The process can do its job now: its store, hub and loops answer. A failure means wait or look.</summary>
    public const string Ready = "ready";

    public static readonly string[] LiveAndReady = [Live, Ready];

    public static readonly string[] ReadyOnly = [Ready];
}
