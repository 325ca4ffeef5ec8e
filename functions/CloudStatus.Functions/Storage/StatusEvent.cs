using CloudStatus.Core.Model;

namespace CloudStatus.Functions.Storage;

/// <summary>One status change in the event log (partitioned by tenant and time bucket).</summary>
public sealed record StatusEvent
{
    /// <summary>Deterministic for record events, so a retried apply appends nothing twice.</summary>
    public required string EventId { get; init; }

    public required string TenantId { get; init; }
    public required string ServerId { get; init; }
    public required string ProducerId { get; init; }

    /// <summary>A <see cref="Core.Wire.RecordEvents"/> name, or one of <see cref="StatusEventTypes"/>.</summary>
    public required string Type { get; init; }

    public Health? Health { get; init; }
    public long? Seq { get; init; }
    public DateTimeOffset? LocalTimestamp { get; init; }

    /// <summary>Central clock when the event was recorded; the log's order.</summary>
    public required DateTimeOffset CentralTimestamp { get; init; }
}
