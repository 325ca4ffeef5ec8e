using CloudStatus.Core.Wire;
using CloudStatus.Fleet;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Hosting;

/// <summary>Acceptance: with --change-rate 0, after start-up only heartbeats go up (zero records).</summary>
public sealed class ChangeRateZeroAcceptanceTests : IDisposable
{
    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task EveryLoopTick_ChangeRateZero_OnlyHeartbeatsAfterThePopulation()
    {
        await using var edge = await EdgeHarness.StartAsync(
            _dir.Path, _time, fleet: new FleetSpec { SwitchesPerServer = 3, DevicesPerSwitch = 10, ChangeRate = 0, RebootsPerSwitchHour = 0, DarkPerSwitchHour = 0 });
        var sim = edge.Equipment!;
        sim.PublishAll();
        await edge.Management.RunAsyncWritesAsync();
        await edge.Management.RunPeriodicWriteAsync();
        await edge.Upstream.PumpAsync();
        await edge.Upstream.RunHeartbeatTickAsync(); // closes the interval in which the population went up
        var population = edge.Heap.MaxSeq;
        Assert.Equal(sim.ProducerIds.Count, edge.Heap.LiveCount);
        edge.Transport.Clear();

        for (var second = 1; second <= 300; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            edge.Fleet!.Step(second);
            await edge.Management.CheckSilenceAsync();
            await edge.Management.RunAsyncWritesAsync();
            await edge.Upstream.PumpAsync();
            if (second % 30 == 0)
            {
                await edge.Management.RunPeriodicWriteAsync();
                await edge.Upstream.RunHeartbeatTickAsync();
            }
        }

        Assert.Equal(population, edge.Heap.MaxSeq);
        var batches = edge.Transport.Batches;
        Assert.Equal(10, batches.Count(b => b.Kind == BatchKind.Heartbeat));
        Assert.All(batches, b => Assert.Equal((BatchKind.Heartbeat, 0), (b.Kind, b.Records.Count)));
    }
}
