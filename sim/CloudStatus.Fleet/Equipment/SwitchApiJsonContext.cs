using System.Text.Json.Serialization;
using CloudStatus.Core.Model;

namespace CloudStatus.Fleet.Equipment;

internal sealed record SwitchStatusBody(Health Health, string Firmware, int BootCount, SwitchStateBody State, string Mac, string Ip);

internal sealed record SwitchStateBody(int Load);

/// <summary><c>peers</c> only when some peer is not reached: otherwise it equals <c>reachable</c> and adds nothing.</summary>
internal sealed record SwitchConnectivityBody(
    IReadOnlyList<string> Reachable,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Peers);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SwitchStatusBody))]
[JsonSerializable(typeof(SwitchConnectivityBody))]
internal sealed partial class SwitchApiJsonContext : JsonSerializerContext;
