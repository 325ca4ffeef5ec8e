using System.Text.Json.Serialization;
using CloudStatus.Core.Wire;
using CloudStatus.Core.Central;
using CloudStatus.Functions.Storage;

namespace CloudStatus.Bench.Cost;

/// <summary>The store documents as the embedded stores keep them (same options as their own context: camelCase, nulls left out).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServerState))]
[JsonSerializable(typeof(ProducerState))]
[JsonSerializable(typeof(StatusEvent))]
[JsonSerializable(typeof(ConnectivityEntry))]
internal sealed partial class CosmosItemJsonContext : JsonSerializerContext;
