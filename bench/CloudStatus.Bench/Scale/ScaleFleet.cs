using System.Globalization;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers;

namespace CloudStatus.Bench.Scale;

/// <summary>
/// The observations of one scale-run server, made on demand (nothing is kept: whatever the pipeline keeps is what it
/// costs). Children of a switch share their parent id string, as they would coming from one adapter.
/// </summary>
internal static class ScaleFleet
{
    public static string ServerId(int index) => string.Create(CultureInfo.InvariantCulture, $"srv-{index + 1:00000}");

    public static Observation[] Appearance(int serverIndex, ScaleSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var serverId = ServerId(serverIndex);
        var result = new Observation[spec.ProducersPerServer];
        var n = 0;
        result[n++] = new Observation(serverId, ProducerKind.Server, null, Health.Online, """{"load":1}""");
        result[n++] = new Observation(ProducerId.Child(serverId, "voicemail"), ProducerKind.LocalService, serverId, Health.Online, """{"mailboxes":3}""");
        for (var s = 1; s <= spec.SwitchesPerServer; s++)
        {
            var switchId = ProducerId.Child(serverId, string.Create(CultureInfo.InvariantCulture, $"sw-{s:000}"));
            result[n++] = new Observation(switchId, ProducerKind.Switch, serverId, Health.Online, string.Create(CultureInfo.InvariantCulture, $$"""{"bootCount":1,"firmware":"4.2.{{s % 7}}","load":{{s % 10}}}"""));
            result[n++] = new Observation(ProducerId.Child(switchId, "trunk-1"), ProducerKind.Trunk, switchId, Health.Online, """{"channels":23,"busy":4}""");
            result[n++] = new Observation(ProducerId.Child(switchId, "trunk-2"), ProducerKind.Trunk, switchId, Health.Online, """{"channels":23,"busy":7}""");
            result[n++] = new Observation(ProducerId.Child(switchId, "fan"), ProducerKind.Fan, switchId, Health.Online, """{"rpm":3400}""");
            for (var d = 1; d <= spec.DevicesPerSwitch; d++)
            {
                result[n++] = new Observation(
                    ProducerId.Child(switchId, string.Create(CultureInfo.InvariantCulture, $"dev-{d:000}")),
                    ProducerKind.Device,
                    switchId,
                    Health.Online,
                    string.Create(CultureInfo.InvariantCulture, $$"""{"extension":"{{(s * 1000) + d}}","calls":{{d % 10}}}"""));
            }
        }

        return result;
    }
}
