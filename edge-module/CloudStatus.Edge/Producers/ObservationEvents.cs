using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Producers;

/// <summary>Events a producer may report with an observation.</summary>
public static class ObservationEvents
{
    /// <summary>The producer has just (re)booted.</summary>
    public const string Reboot = RecordEvents.Reboot;

    /// <summary>The producer (and everything under it) is gone.</summary>
    public const string Delete = RecordEvents.Delete;

    public static bool IsKnown(string? value) => value is null or Reboot or Delete;
}
