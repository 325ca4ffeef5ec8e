using System.Text.Json.Serialization;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Bench.Baselines;

/// <summary>One observation forwarded as its own device-to-cloud message (the forward-everything baseline).</summary>
internal sealed record ForwardedObservation
{
    public required string ServerId { get; init; }
    public required string ProducerId { get; init; }
    public required string Kind { get; init; }
    public string? ParentId { get; init; }
    public Health Health { get; init; }

    [JsonConverter(typeof(RawJsonObjectConverter))]
    public string? State { get; init; }

    public string? Event { get; init; }
    public required DateTimeOffset ObservedAt { get; init; }
}

/// <summary>A producer's entry in a twin reported-property patch.</summary>
internal sealed record TwinProducer
{
    public required string Kind { get; init; }
    public string? ParentId { get; init; }
    public Health Health { get; init; }

    [JsonConverter(typeof(RawJsonObjectConverter))]
    public string? State { get; init; }

    public required DateTimeOffset ReportedAt { get; init; }
}

/// <summary>The bodies the baselines would send, serialized like the product's own wire format (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ForwardedObservation))]
[JsonSerializable(typeof(Dictionary<string, TwinProducer>))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;
