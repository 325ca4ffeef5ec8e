using System.Text.Json.Serialization;

namespace CloudStatus.Core.Ownership;

/// <summary>Where responsibility for a primary's producers stands (docs/adr/0120).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LeasePhase>))]
public enum LeasePhase
{
    /// <summary>The primary holds the lease and reports its own producers.</summary>
    Primary,

    /// <summary>The primary was lost; its failover peer holds the lease and reports for it.</summary>
    TakenOver,

    /// <summary>The primary is heard again; the peer still holds the lease until the primary has been heard for the holdoff.</summary>
    HandingBack,
}
