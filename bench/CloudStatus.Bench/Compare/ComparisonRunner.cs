using System.Diagnostics;
using CloudStatus.Bench.Baselines;
using CloudStatus.Bench.Cost;
using CloudStatus.Bench.Fleet;
using CloudStatus.Bench.Pipeline;
using CloudStatus.Fleet;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Bench.Compare;

/// <summary>
/// Runs one fleet in simulated time (a <see cref="FakeTimeProvider"/> advanced one second at a time) through the real
/// edge pipeline of every server and central's real ingest, and feeds the very same observations to the three baselines.
/// Counting starts after the warm-up; everything is deterministic for a spec and seed.
/// </summary>
internal static class ComparisonRunner
{
    public static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<ComparisonResult> RunAsync(
        BenchSpec spec, CosmosCostModel cost, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(cost);
        var wall = Stopwatch.StartNew();
        var observations = new CollectedObservations();
        var fleet = new FleetModel(spec.Fleet, observations);
        var time = new FakeTimeProvider(Start);
        await using var central = new CentralHost(time, cost);
        var cloud = new WireTally("CloudStatus");
        var forward = new ForwardEveryObservation(fleet, cost);
        var snapshot = new FullSnapshotEveryPeriod(fleet, spec.PeriodSeconds, cost);
        var twin = new TwinPatchPerChange(fleet, cost);
        var edges = new List<EdgeServer>(fleet.Servers.Count);
        try
        {
            foreach (var server in fleet.Servers)
            {
                var link = new CentralLink(server.ServerId, central, cloud);
                var edge = await EdgeServer.StartAsync(
                    BenchSpec.TenantOf(server.Index), BenchSpec.SiteOf(server.Index), server.ServerId, FullSnapshotEveryPeriod.PhaseOf(server.Index, spec.PeriodSeconds), spec, link, time, cancellationToken)
                    .ConfigureAwait(false);
                link.OnResync = edge.Pipeline.RequestResync;
                edges.Add(edge);
            }

            var countsAtStart = new FleetCounts();
            long heapAtStart = 0, resyncsAtStart = 0, deadAtStart = 0;
            var total = spec.WarmUpSeconds + spec.DurationSeconds;
            for (var second = 0; second < total; second++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (second == spec.WarmUpSeconds)
                {
                    foreach (var tally in new[] { cloud, forward.Tally, snapshot.Tally, twin.Tally })
                    {
                        tally.Reset();
                    }

                    central.Tally.Reset();
                    countsAtStart = fleet.Counts;
                    heapAtStart = edges.Sum(e => e.Mirror.RecordsPersisted);
                    resyncsAtStart = central.ResyncRequests;
                    deadAtStart = central.DeadLetters;
                }

                var now = time.GetUtcNow();
                observations.Items.Clear();
                fleet.Step(second);
                foreach (var o in observations.Items)
                {
                    edges[o.Server].Intake.Post(o.Observation);
                    forward.Observe(o, now);
                    snapshot.Observe(o);
                    twin.Observe(o, now);
                }

                snapshot.Tick(second, now);
                foreach (var edge in edges)
                {
                    await edge.TickAsync(second, cancellationToken).ConfigureAwait(false);
                }

                if (progress is not null && second > 0 && second % 300 == 0)
                {
                    progress($"  {TimeSpan.FromSeconds(second):hh\\:mm\\:ss} of {TimeSpan.FromSeconds(total):hh\\:mm\\:ss} simulated, {wall.Elapsed.TotalSeconds:0.0} s wall, {cloud.Messages:N0} CloudStatus messages counted");
                }

                time.Advance(TimeSpan.FromSeconds(1));
            }

            cloud.AddCentral(central.Tally.Writes, central.Tally.RequestUnits);
            var end = fleet.Counts;
            return new ComparisonResult
            {
                Spec = spec,
                Cost = cost,
                CloudStatus = cloud,
                Forward = forward.Tally,
                Snapshot = snapshot.Tally,
                Twin = twin.Tally,
                Fleet = new FleetCounts
                {
                    Observations = end.Observations - countsAtStart.Observations,
                    Changes = end.Changes - countsAtStart.Changes,
                    Flaps = end.Flaps - countsAtStart.Flaps,
                    Reboots = end.Reboots - countsAtStart.Reboots,
                    DarkSwitches = end.DarkSwitches - countsAtStart.DarkSwitches,
                    LostChanges = end.LostChanges - countsAtStart.LostChanges,
                },
                Containers = central.Tally.Containers,
                HeapRecords = edges.Sum(e => e.Mirror.RecordsPersisted) - heapAtStart,
                ResyncRequests = central.ResyncRequests - resyncsAtStart,
                DeadLetters = central.DeadLetters - deadAtStart,
                WallTime = wall.Elapsed,
            };
        }
        finally
        {
            foreach (var edge in edges)
            {
                await edge.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
