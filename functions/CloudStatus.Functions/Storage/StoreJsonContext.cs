using System.Text.Json.Serialization;
using CloudStatus.Core.Central;
using CloudStatus.Core.Ownership;
using CloudStatus.Core.Wire;

namespace CloudStatus.Functions.Storage;

/// <summary>How embedded stores keep documents (camelCase JSON, the same shape a Cosmos adapter would store).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ServerState))]
[JsonSerializable(typeof(ProducerState))]
[JsonSerializable(typeof(StatusEvent))]
[JsonSerializable(typeof(CommandRecord))]
[JsonSerializable(typeof(ConnectivityEntry))]
[JsonSerializable(typeof(TenantView))]
[JsonSerializable(typeof(Lease))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
