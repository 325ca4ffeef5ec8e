using System.Text.Json.Serialization;

namespace CloudStatus.Edge.Producers;

/// <summary>Source-generated serializer for the producer push format.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PushedObservation))]
[JsonSerializable(typeof(List<PushedObservation>))]
[JsonSerializable(typeof(PushAccepted))]
internal sealed partial class ProducerPushJsonContext : JsonSerializerContext;
