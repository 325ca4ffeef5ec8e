using System.Text.Json;
using CloudStatus.Bench.Cost;
using CloudStatus.Core.Model;
using CloudStatus.Fleet;

namespace CloudStatus.Bench.Baselines;

/// <summary>
/// Baseline 1: every observation goes up as its own message the moment it is made, and central writes each one. The
/// body's size depends only on its content (timestamps are whole simulated seconds, so fixed length): it is measured
/// once per distinct content of each producer and reused while the producer reports the same thing.
/// </summary>
internal sealed class ForwardEveryObservation
{
    private readonly FleetModel _fleet;
    private readonly CosmosCostModel _cost;
    private readonly Cached[][] _cache;

    public ForwardEveryObservation(FleetModel fleet, CosmosCostModel cost)
    {
        _fleet = fleet;
        _cost = cost;
        _cache = [.. fleet.Servers.Select(s => new Cached[s.Slots])];
    }

    public WireTally Tally { get; } = new("forward every observation");

    public void Observe(in FleetObservation o, DateTimeOffset now)
    {
        ref var cached = ref _cache[o.Server][o.Producer];
        var obs = o.Observation;
        if (cached.RawBytes == 0 || cached.Health != obs.Health || !string.Equals(cached.State, obs.State, StringComparison.Ordinal)
            || !string.Equals(cached.Event, obs.Event, StringComparison.Ordinal))
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(
                new ForwardedObservation
                {
                    ServerId = _fleet.Servers[o.Server].ServerId,
                    ProducerId = obs.ProducerId,
                    Kind = obs.Kind,
                    ParentId = obs.ParentId,
                    Health = obs.Health,
                    State = obs.State,
                    Event = obs.Event,
                    ObservedAt = now,
                },
                BaselineJsonContext.Default.ForwardedObservation);
            cached = new Cached(obs.Health, obs.State, obs.Event, body.Length, MessageSizes.Gzip(body));
        }

        // Sent as plain JSON (compressing a message this small does not pay; the gzip figure is shown for comparison).
        Tally.AddMessage(cached.RawBytes, Math.Min(cached.RawBytes, cached.GzipBytes), cached.RawBytes);
        Tally.AddCentral(1, _cost.Write(CosmosItems.SystemPropertyBytes + cached.RawBytes));
    }

    private readonly record struct Cached(Health Health, string? State, string? Event, int RawBytes, int GzipBytes);
}
