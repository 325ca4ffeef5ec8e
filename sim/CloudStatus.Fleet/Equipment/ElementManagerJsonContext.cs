using System.Text.Json.Serialization;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Producers;

namespace CloudStatus.Fleet.Equipment;

/// <summary>One observation as the module's push endpoint takes it (ADR 65, docs/operations.md).</summary>
internal sealed record PushBody(
    string ProducerId,
    string Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ParentId,
    Health Health,
    [property: JsonConverter(typeof(RawJsonObjectConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? State,
    [property: JsonConverter(typeof(RawJsonObjectConverter)), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Config,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Event,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Mac,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Ip)
{
    public static PushBody From(Observation o) => new(o.ProducerId, o.Kind, o.ParentId, o.Health, o.State, o.Config, o.Event, o.Mac, o.Ip);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<PushBody>))]
internal sealed partial class ElementManagerJsonContext : JsonSerializerContext;
