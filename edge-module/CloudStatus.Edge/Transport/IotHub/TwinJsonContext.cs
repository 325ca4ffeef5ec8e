using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>The twin documents are free-form JSON (<see cref="JsonObject"/>); this context writes them without reflection.</summary>
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class TwinJsonContext : JsonSerializerContext;
