using CloudStatus.Dev.Stack;
using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Faults.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CloudStatus.Faults.Tests;

/// <summary>Edge clocks five minutes off, one ahead and one behind, from the start: central keeps its own time and loses nothing.</summary>
[Collection(FaultsCollection.Name)]
public sealed class ClockSkewTests(ReliabilityReport report)
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task EdgeClocks_FiveMinutesOff_CentralConvergesOnItsOwnTime()
    {
        var clocks = new DevEdgeClocks(new Dictionary<string, TimeProvider>(StringComparer.Ordinal)
        {
            ["srv-01"] = new OffsetTimeProvider(-Skew),
            ["srv-02"] = new OffsetTimeProvider(Skew),
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var stack = await FaultStack.StartAsync(changeRate: 0, services: s => s.AddSingleton(clocks));
        await using var load = await FaultLoad.StartAsync(stack, FaultCatalog.EdgeClockSkew);
        clock.Restart(); // the edge clocks are off from the start; converging is timed from the changes, after the baseline
        foreach (var producer in new[] { "srv-01.sw-01.dev-002", "srv-02.sw-02.dev-001" })
        {
            await stack.SetHealthAsync(producer, "degraded");
        }

        await Aftermath.CheckAsync(stack, report, FaultCatalog.EdgeClockSkew,
            "srv-01's edge clock 5 min behind and srv-02's 5 min ahead, from start; health changes on both",
            2, clock, "srv-01.sw-01");

        // Central measured each edge's offset (its time minus the edge's) and stamped the events with its own time.
        double? behind = null, ahead = null;
        await Eventually.TrueAsync(
            async () => (behind = (await stack.ServerAsync("srv-01"))!.ClockOffsetMs) is not null && (ahead = (await stack.ServerAsync("srv-02"))!.ClockOffsetMs) is not null,
            "central measured both offsets (on a heartbeat)");
        Assert.InRange(behind!.Value, Skew.TotalMilliseconds - 5_000, Skew.TotalMilliseconds + 5_000);
        Assert.InRange(ahead!.Value, -Skew.TotalMilliseconds - 5_000, -Skew.TotalMilliseconds + 5_000);
        Assert.All(await stack.EventsAsync(), e => Assert.InRange(e.CentralTimestamp, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddSeconds(5)));
        await load.StopAsync(report);
    }
}
