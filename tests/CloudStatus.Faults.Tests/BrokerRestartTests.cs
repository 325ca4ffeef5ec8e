using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Faults.Tests.Support;

namespace CloudStatus.Faults.Tests;

/// <summary>The MQTT broker (the dev hub) goes away with every connection and comes back on the same ports.</summary>
[Collection(FaultsCollection.Name)]
public sealed class BrokerRestartTests(ReliabilityReport report)
{
    [Fact]
    public async Task Broker_Restarted_EdgesReconnectAndConverge()
    {
        await using var stack = await FaultStack.StartAsync(changeRate: 0);
        await Convergence.CentralEqualsEveryHeapAsync(stack);
        await using var load = await FaultLoad.StartAsync(stack, FaultCatalog.BrokerRestarted);

        const int Restarts = 2;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 1; i <= Restarts; i++)
        {
            await stack.Hub.StopAsync();
            await Eventually.TrueAsync(() => stack.Fleet.Servers.All(s => !s.IsConnected), "every edge lost its connection");

            // Changes while the broker is away: written to the heaps, sent once it is back.
            await stack.SetHealthAsync($"srv-01.sw-0{i}.dev-001", "degraded");
            await stack.SetHealthAsync($"srv-02.sw-0{i}", "degraded");
            clock.Restart();
            await stack.Hub.StartAsync();
            await Eventually.TrueAsync(() => stack.Fleet.Servers.All(s => s.IsConnected), "every edge reconnected", TimeSpan.FromSeconds(30));
        }

        await Aftermath.CheckAsync(stack, report, FaultCatalog.BrokerRestarted,
            "dev hub stopped (every connection dropped), changes made on both servers meanwhile, hub started again on the same ports",
            Restarts, clock, "srv-01.sw-02");
        await load.StopAsync(report);
    }
}
