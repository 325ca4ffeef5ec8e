using System.Text.Json.Serialization;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Producers.Adapters;

/// <summary><c>GET /status</c> of the equipment HTTP API (docs/equipment-http-api.md).</summary>
internal sealed record EquipmentStatus
{
    public Health? Health { get; init; }
    public string? Firmware { get; init; }
    public long? BootCount { get; init; }

    /// <summary>The equipment's own MAC and IP address, when it tells them (docs/equipment-http-api.md).</summary>
    public string? Mac { get; init; }

    public string? Ip { get; init; }

    [JsonConverter(typeof(RawJsonObjectConverter))]
    public string? State { get; init; }
}

/// <summary>
/// <c>GET /connectivity</c>: the peer switches this one reaches now and, optionally, every peer it checks (the
/// site's switches it knows, on any server), so an unreachable peer on another server is known as one.
/// </summary>
internal sealed record EquipmentConnectivity
{
    public List<string>? Reachable { get; init; }

    public List<string>? Peers { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EquipmentStatus))]
[JsonSerializable(typeof(EquipmentConnectivity))]
internal sealed partial class EquipmentWireJsonContext : JsonSerializerContext;
