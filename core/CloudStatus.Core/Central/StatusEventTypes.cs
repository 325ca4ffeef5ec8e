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
}
