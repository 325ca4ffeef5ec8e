using System.Text.Json.Serialization;
using CloudStatus.Core.Model;

namespace CloudStatus.Fleet.Equipment;

internal sealed record SwitchStatusBody(Health Health, string Firmware, int BootCount, SwitchStateBody State);

internal sealed record SwitchStateBody(int Load);

internal sealed record SwitchConnectivityBody(IReadOnlyList<string> Reachable, IReadOnlyList<string> Peers);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SwitchStatusBody))]
[JsonSerializable(typeof(SwitchConnectivityBody))]
internal sealed partial class SwitchApiJsonContext : JsonSerializerContext;
