namespace CloudStatus.Core.Central;

/// <summary>Event types central writes itself (record events use <see cref="Core.Wire.RecordEvents"/> names).</summary>
public static class StatusEventTypes
{
    public const string Added = "added";
    public const string Deleted = "deleted";
    public const string HealthChanged = "healthChanged";
    public const string ServerOnline = "serverOnline";
    public const string ServerOffline = "serverOffline";
    public const string ServerRegistered = "serverRegistered";
    public const string EpochChanged = "epochChanged";

    /// <summary>A producer's address claim was backed out (docs/adr/0110); the producer is the newcomer.</summary>
    public const string Conflict = "conflict";

    /// <summary>An address conflict was resolved.</summary>
    public const string Resolved = "resolved";
}
