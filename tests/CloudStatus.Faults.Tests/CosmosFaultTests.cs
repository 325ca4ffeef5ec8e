using System.Net;
using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Faults.Tests.Support;
using CloudStatus.Testing.Emulators;

namespace CloudStatus.Faults.Tests;

/// <summary>
/// Central's store on the Cosmos DB API server behind <see cref="CosmosFaultProxy"/>: a 429 storm, then 503s, on the
/// document requests while both servers report changes. The edges keep their SQLite heaps.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class CosmosFaultTests(ReliabilityReport report, CosmosDbServer cosmos) : IClassFixture<CosmosDbServer>
{
    public static string Configuration => "Cosmos: central on the Cosmos DB API server behind a fault proxy, edge heaps on SQLite, in-process dev hub";

    [Fact]
    public async Task Cosmos_429StormThen503s_NothingLost()
    {
        await using var proxy = await CosmosFaultProxy.StartAsync(cosmos);
        // Three devices a switch, not the full fleet: the Cosmos DB API server (Node.js) serves about ten 100-item pages a
        // second here, and the readers would make the scenario minutes long; the load table says how many items.
        await using var stack = await FaultStack.StartAsync(changeRate: 0, devices: 3, settings: new Dictionary<string, string>
        {
            ["CloudStatus:Central:Store:Kind"] = "Cosmos",
            ["CloudStatus:Central:Store:Cosmos:AccountEndpoint"] = proxy.Endpoint.ToString(),
            ["CloudStatus:Central:Store:Cosmos:Key"] = CosmosDbServer.Key,
            ["CloudStatus:Central:Store:Cosmos:EmulatorCertificatePath"] = cosmos.CertificatePath,
            ["CloudStatus:Central:Store:Cosmos:Database"] = "faults-" + Guid.NewGuid().ToString("N")[..12],
            ["CloudStatus:Central:Store:Cosmos:CreateIfNotExists"] = "true",
        });
        await Convergence.CentralEqualsEveryHeapAsync(stack);
        await using var load = await FaultLoad.StartAsync(stack, FaultCatalog.CosmosThrottledAndUnavailable);

        foreach (var (status, share, producers) in new[]
        {
            (HttpStatusCode.TooManyRequests, 0.8, new[] { "srv-01.sw-01.dev-001", "srv-02.sw-02.dev-003" }),
            (HttpStatusCode.ServiceUnavailable, 0.5, new[] { "srv-01.sw-02.dev-002", "srv-02.sw-01" }),
        })
        {
            proxy.Inject(status, share);
            var injectedBefore = proxy.InjectedWrites;
            foreach (var producer in producers)
            {
                await stack.SetHealthAsync(producer, "degraded");
            }

            // Each storm lasts until 20 writes met it (the API's readers meet it too, and would end it at once if counted).
            await Eventually.TrueAsync(() => proxy.InjectedWrites >= injectedBefore + 20, $"the proxy answered {(int)status} to a few writes", TimeSpan.FromSeconds(30));
        }

        proxy.Heal();
        // The readers end with the storm: on the Node.js Cosmos DB API server they would slow the convergence measured next.
        await load.StopAsync(report);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Aftermath.CheckAsync(stack, report, FaultCatalog.CosmosThrottledAndUnavailable,
            "80% of Cosmos document requests (the API's reads too) answered 429 (retry after 20 ms) until 20 writes met it, then 50% answered 503 likewise, while both servers changed",
            proxy.Injected, clock, "srv-01.sw-01", configuration: Configuration);
    }
}
