using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Faults.Tests.Support;
using CloudStatus.Testing.Emulators;

namespace CloudStatus.Faults.Tests;

/// <summary>
/// Every edge heap mirrored to Azurite's Table service behind <see cref="TcpFaultProxy"/>; the service goes down while
/// both servers change, comes back, then srv-02 restarts from its Table heap. Central stays on SQLite.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class TableDownTests(ReliabilityReport report, AzuriteTableServer azurite) : IClassFixture<AzuriteTableServer>
{
    public static string Configuration => "Table: central on SQLite, edge heaps on Azurite's Table service behind a TCP fault proxy, in-process dev hub";

    [Fact]
    public async Task TableStorage_Down_EdgesKeepTheirHeapsAndConverge()
    {
        await using var proxy = new TcpFaultProxy(azurite.Port);
        var endpoint = new UriBuilder(azurite.TableEndpoint) { Port = proxy.Port }.Uri;
        await using var stack = await FaultStack.StartAsync(changeRate: 0, settings: new Dictionary<string, string>
        {
            ["CloudStatus:Edge:Heap:Kind"] = "TableStorage",
            ["CloudStatus:Edge:Heap:TableStorage:ConnectionString"] =
                $"DefaultEndpointsProtocol=http;AccountName={AzuriteServer.AccountName};AccountKey={AzuriteServer.AccountKey};TableEndpoint={endpoint};",
            ["CloudStatus:Edge:Heap:TableStorage:TableName"] = "faults" + Guid.NewGuid().ToString("N")[..12],
        });
        await Convergence.CentralEqualsEveryHeapAsync(stack);
        await using var load = await FaultLoad.StartAsync(stack, FaultCatalog.TableStorageDown);

        proxy.Down();
        foreach (var producer in new[] { "srv-01.sw-01.dev-001", "srv-02.sw-02.dev-003", "srv-02.sw-01.dev-002" })
        {
            await stack.SetHealthAsync(producer, "degraded");
        }

        await Eventually.TrueAsync(() => proxy.Refused >= 2, "the heaps' writes met a refused Table service", TimeSpan.FromSeconds(30));
        var refusedWhileDown = proxy.Refused;
        proxy.Up();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // Back from its Table heap: what the outage kept from the mirror must have been written once it was up.
        await Convergence.CentralEqualsEveryHeapAsync(stack);
        await stack.PostAsync("/dev/sim/servers/srv-02/stop");
        await stack.PostAsync("/dev/sim/servers/srv-02/start");
        await Aftermath.CheckAsync(stack, report, FaultCatalog.TableStorageDown,
            "Table service refusing every connection while both servers changed; back up, then srv-02 restarted from its Table heap",
            refusedWhileDown, clock, "srv-02.sw-02", configuration: Configuration);
        await load.StopAsync(report);
    }
}
