using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Faults.Tests.Support;

namespace CloudStatus.Faults.Tests;

/// <summary>A local server's edge node dies while it sends or writes, and comes back from its heap on disk.</summary>
[Collection(FaultsCollection.Name)]
public sealed class EdgeKilledTests(ReliabilityReport report)
{
    [Fact]
    public async Task EdgeKilled_MidSend_ComesBackAndConverges()
    {
        await using var stack = await FaultStack.StartAsync(changeRate: 0);
        await Convergence.CentralEqualsEveryHeapAsync(stack);
        await using var load = await FaultLoad.StartAsync(stack, FaultCatalog.EdgeKilledMidSend);

        // srv-02's publish waits for its acknowledgement (held at the hub) when the node is stopped under it.
        stack.Sink.Hold();
        await stack.SetHealthAsync("srv-02.sw-01.dev-002", "degraded");
        await Eventually.TrueAsync(() => stack.Sink.Holding >= 1, "a publish awaits its acknowledgement");
        var stop = stack.PostAsync("/dev/sim/servers/srv-02/stop");
        await Eventually.TrueAsync(() => !stack.Fleet.FindServer("srv-02")!.IsConnected, "srv-02 has dropped its connection");
        stack.Sink.Release();
        await stop;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await stack.PostAsync("/dev/sim/servers/srv-02/start");

        await Aftermath.CheckAsync(stack, report, FaultCatalog.EdgeKilledMidSend,
            "srv-02 stopped while its publish awaited the hub's acknowledgement; started again from its heap", 1, clock, "srv-02.sw-01");
        await load.StopAsync(report);
    }

    [Fact]
    public async Task EdgeKilled_MidWrite_ComesBackAndConverges()
    {
        await using var stack = await FaultStack.StartAsync(changeRate: 0);
        await Convergence.CentralEqualsEveryHeapAsync(stack);
        await using var load = await FaultLoad.StartAsync(stack, FaultCatalog.EdgeKilledMidWrite);

        // A burst of changes into srv-02's intake, and the node stopped while the heap writer takes them.
        var devices = Enumerable.Range(1, 3).SelectMany(d => new[] { $"srv-02.sw-01.dev-00{d}", $"srv-02.sw-02.dev-00{d}" }).ToList();
        var burst = devices.Select(d => stack.TryPostAsync($"/dev/sim/producers/{d}", """{"health":"degraded"}""")).ToList();
        var stop = stack.PostAsync("/dev/sim/servers/srv-02/stop");
        var written = (await Task.WhenAll(burst)).Count(s => s == System.Net.HttpStatusCode.OK);
        await stop;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await stack.PostAsync("/dev/sim/servers/srv-02/start");

        await Aftermath.CheckAsync(stack, report, FaultCatalog.EdgeKilledMidWrite,
            $"srv-02 stopped during a burst of {devices.Count} health changes ({written} taken before the stop); started again from its heap",
            1, clock, "srv-02.sw-02");
        await load.StopAsync(report);
    }
}
