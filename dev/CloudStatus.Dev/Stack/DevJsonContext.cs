using System.Text.Json.Serialization;

namespace CloudStatus.Dev.Stack;

/// <summary>Source-generated JSON of the dev-only routes.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SimServerDto))]
[JsonSerializable(typeof(List<SimServerDto>))]
[JsonSerializable(typeof(SimProducerDto))]
[JsonSerializable(typeof(SimHealthRequest))]
[JsonSerializable(typeof(SimPlugRequest))]
[JsonSerializable(typeof(SimHangRequest))]
[JsonSerializable(typeof(SimLinkRequest))]
[JsonSerializable(typeof(SimLinkDto))]
[JsonSerializable(typeof(SimLanRequest))]
[JsonSerializable(typeof(SimLanDto))]
[JsonSerializable(typeof(SimUplinkRequest))]
[JsonSerializable(typeof(SimSwitchDto))]
[JsonSerializable(typeof(SimProcessDto))]
[JsonSerializable(typeof(DevTokenRequest))]
[JsonSerializable(typeof(DevTokenDto))]
internal sealed partial class DevJsonContext : JsonSerializerContext;
