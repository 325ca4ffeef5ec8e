using CloudStatus.Core.Model;

namespace CloudStatus.Core.Wire;

/// <summary>
/// The latest state of one producer as written to its server's heap. <see cref="State"/> and
/// <see cref="Config"/> hold raw JSON object text (or null) so that producers may report any shape
/// and the hot path never builds a DOM.
/// </summary>
public sealed record StatusRecord
{
    public required string ProducerId { get; init; }
    public required string Kind { get; init; }
    public string? ParentId { get; init; }
    public required long Seq { get; init; }
    public required DateTimeOffset LocalTimestamp { get; init; }
    public Health Health { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(RawJsonObjectConverter))]
    public string? State { get; init; }

    [System.Text.Json.Serialization.JsonConverter(typeof(RawJsonObjectConverter))]
    public string? Config { get; init; }

    /// <summary>Tombstone (E8): the producer was deleted; central keeps the mark until it is cleaned up.</summary>
    public bool Deleted { get; init; }

    /// <summary>The edge stopped hearing from this producer (or its parent): offline by silence, not by report.</summary>
    public bool Silent { get; init; }

    /// <summary>
    /// The async rule that wrote this state (<see cref="RecordEvents"/>), or null for a periodic write.
    /// Lets central log a reboot as a reboot rather than as an anonymous change.
    /// </summary>
    public string? Event { get; init; }

    /// <summary>The chatter filter (E5) saw this producer flapping; its health is held at the last stable value.</summary>
    public bool Flapping { get; init; }

    /// <summary>The producer's MAC address as the edge knows it (<see cref="MacAddress"/> form), or null when unknown.</summary>
    public string? Mac { get; init; }

    /// <summary>The producer's IP address as the edge knows it (<see cref="IpAddressText"/> form), or null when unknown.</summary>
    public string? Ip { get; init; }
}
