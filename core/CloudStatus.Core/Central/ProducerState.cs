using System.Text.Json.Serialization;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Central;

/// <summary>Central's copy of one producer's latest record, with central's own marks (stale, central timestamp).</summary>
public sealed record ProducerState
{
    public required string TenantId { get; init; }
    public required string ServerId { get; init; }
    public required string ProducerId { get; init; }
    public required string Kind { get; init; }
    public string? ParentId { get; init; }

    /// <summary>The heap epoch the record's seq belongs to; a record of another epoch is always older.</summary>
    public required string Epoch { get; init; }

    public required long Seq { get; init; }
    public Health Health { get; init; }

    [JsonConverter(typeof(RawJsonObjectConverter))]
    public string? State { get; init; }

    [JsonConverter(typeof(RawJsonObjectConverter))]
    public string? Config { get; init; }

    public required DateTimeOffset LocalTimestamp { get; init; }

    /// <summary>Central clock when this record was last written by ingest (for a tombstone: when it was deleted).</summary>
    public required DateTimeOffset CentralTimestamp { get; init; }

    public bool Deleted { get; init; }

    /// <summary>The edge reports it has stopped hearing from this producer.</summary>
    public bool Silent { get; init; }

    public bool Flapping { get; init; }

    /// <summary>The producer's MAC and IP address as its edge last sent them (null when unknown).</summary>
    public string? Mac { get; init; }

    public string? Ip { get; init; }

    /// <summary>Central has not heard from the producer's server within the heartbeat timeout.</summary>
    public bool Stale { get; init; }
}
