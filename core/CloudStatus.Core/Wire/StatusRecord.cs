using CloudStatus.Core.Model;

namespace CloudStatus.Core.Wire;

/// <summary>
/// The latest state of one producer as written to its server's heap. <see cref="State"/> and
/// <see cref="Config"/> hold raw JSON object text (or null) so that producers may report any shape
/// and the hot path never builds a DOM. On the wire a record may be a <em>delta</em> (<see cref="Base"/> set): it
/// carries only what changed since the record of that sequence, and central completes it from its stored copy.
/// </summary>
public sealed record StatusRecord
{
    public required string ProducerId { get; init; }
    /// <summary>Required on a full record; empty on a delta record whose kind is its base's.</summary>
    public string Kind { get; init; } = string.Empty;
    public string? ParentId { get; init; }
    public required long Seq { get; init; }
    /// <summary>When the edge wrote the record. On the wire it may be given as <see cref="AgeTicks"/> instead.</summary>
    public DateTimeOffset LocalTimestamp { get; init; }
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

    /// <summary>
    /// Set on a delta record: the sequence of the record of this producer (same epoch) it is relative to. Absent
    /// <see cref="Kind"/>, <see cref="ParentId"/>, <see cref="Config"/>, <see cref="Mac"/>, <see cref="Ip"/> and
    /// <see cref="State"/> mean "as in the base"; <see cref="StatePatch"/> gives the state's changed members.
    /// </summary>
    public long? Base { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsDelta => Base is not null;

    /// <summary>On a delta record: the base state's members whose values changed (<see cref="Wire.StatePatch"/>).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(RawJsonObjectConverter))]
    public string? StatePatch { get; init; }

    /// <summary>
    /// On the wire, instead of <see cref="LocalTimestamp"/>: how long before the batch's sentAt the record was written,
    /// in 100 ns ticks (exact, and a few bytes instead of a timestamp). <see cref="BatchCodec.Decode"/> resolves it.
    /// </summary>
    public long? AgeTicks { get; init; }

    /// <summary>The producer's IP address as the edge knows it (<see cref="IpAddressText"/> form), or null when unknown.</summary>
    public string? Ip { get; init; }
}
