using System.Text.Json.Serialization;

namespace CloudStatus.Core.Commands;

/// <summary>
/// Payload of reboot, add, delete, readdress and address: the producer concerned, and for add its configuration, kind and, optionally, how
/// else the new producer may be recognised (<see cref="Match"/>).
/// </summary>
public sealed record ProducerCommandRequest
{
    public required string CommandId { get; init; }
    public required string ProducerId { get; init; }
    public string? Kind { get; init; }
    public string? ParentId { get; init; }

    [JsonConverter(typeof(Wire.RawJsonObjectConverter))]
    public string? Config { get; init; }

    /// <summary>For add: the producer that shows up with this MAC or IP is the one meant, whatever id its edge gives it.</summary>
    public ProducerMatch? Match { get; init; }

    /// <summary>For readdress (docs/adr/0110) and address (docs/adr/0150): the producer's new IP address.</summary>
    public string? Ip { get; init; }

    /// <summary>For address: the IP it had, which adapters reaching it there give up for <see cref="Ip"/>.</summary>
    public string? PreviousIp { get; init; }
}

/// <summary>How an add recognises its producer besides its id (docs/adr/0080): by MAC, by IP, or both (either matches).</summary>
public sealed record ProducerMatch
{
    public string? Mac { get; init; }
    public string? Ip { get; init; }
}

/// <summary>Payload of resync: send the current state of every record whose sequence is at least <see cref="FromSeq"/> (0 = everything).</summary>
public sealed record ResyncRequest
{
    public required long FromSeq { get; init; }
    public string? Reason { get; init; }
}

/// <summary>What the module answers to any method; the HTTP-like status code travels beside it on the response topic.</summary>
public sealed record MethodResult
{
    public required bool Ok { get; init; }
    public string? Message { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ProducerCommandRequest))]
[JsonSerializable(typeof(ResyncRequest))]
[JsonSerializable(typeof(MethodResult))]
public sealed partial class MethodJsonContext : JsonSerializerContext;
