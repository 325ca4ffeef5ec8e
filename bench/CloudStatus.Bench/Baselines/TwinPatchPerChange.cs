using System.Text.Json;
using CloudStatus.Bench.Cost;
using CloudStatus.Core.Model;
using CloudStatus.Fleet;

namespace CloudStatus.Bench.Baselines;

/// <summary>
/// Baseline 3: IoT Hub twin style. Each local server keeps its producers as reported properties of its module twin and
/// sends one reported-property patch per producer whose reported health or state changed (no chatter filter, no
/// batching; a flap is one patch per bounce). Patches are plain JSON (not compressible on the twin topic); each is billed
/// in 4 KB units and lands centrally as one write.
/// </summary>
internal sealed class TwinPatchPerChange
{
    private readonly CosmosCostModel _cost;
    private readonly Reported[][] _reported;

    public TwinPatchPerChange(FleetModel fleet, CosmosCostModel cost)
    {
        _cost = cost;
        _reported = [.. fleet.Servers.Select(s => new Reported[s.Slots])];
    }

    public WireTally Tally { get; } = new("twin patch per change");

    public void Observe(in FleetObservation o, DateTimeOffset now)
    {
        ref var last = ref _reported[o.Server][o.Producer];
        var obs = o.Observation;
        if (last.Seen && last.Health == obs.Health && string.Equals(last.State, obs.State, StringComparison.Ordinal))
        {
            return;
        }

        last = new Reported(true, obs.Health, obs.State);
        var patch = new Dictionary<string, TwinProducer>(1, StringComparer.Ordinal)
        {
            // Twin property names may not contain '.'.
            [obs.ProducerId.Replace('.', '_')] = new TwinProducer { Kind = obs.Kind, ParentId = obs.ParentId, Health = obs.Health, State = obs.State, ReportedAt = now },
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(patch, BaselineJsonContext.Default.DictionaryStringTwinProducer).Length;
        Tally.AddMessage(bytes, bytes, bytes);
        Tally.AddCentral(1, _cost.Write(CosmosItems.SystemPropertyBytes + bytes));
    }

    private readonly record struct Reported(bool Seen, Health Health, string? State);
}
