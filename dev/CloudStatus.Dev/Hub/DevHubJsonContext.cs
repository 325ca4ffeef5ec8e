using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CloudStatus.Dev.Hub;

/// <summary>Source-generated JSON of the <c>/dev/hub</c> routes.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DevHubDeviceRequest))]
[JsonSerializable(typeof(DevHubDeviceDto))]
[JsonSerializable(typeof(DevHubDesiredDto))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class DevHubJsonContext : JsonSerializerContext;
