using System.Text.Json.Serialization;

namespace CloudStatus.Core.Wire;

/// <summary>Source-generated serializer for the StatusBatch v1 wire format (camelCase, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectRequiredConstructorParameters = true,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(StatusBatch))]
public sealed partial class StatusBatchJsonContext : JsonSerializerContext;
