using System.Text.Json.Serialization;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Producers;

/// <summary>What a health URL may answer: <c>{"health": "...", "state": {...}}</c>, both optional.</summary>
internal sealed record PolledHealth
{
    public Health? Health { get; init; }

    [JsonConverter(typeof(RawJsonObjectConverter))]
    public string? State { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PolledHealth))]
internal sealed partial class PolledHealthJsonContext : JsonSerializerContext;
