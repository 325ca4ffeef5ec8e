using System.Net;
using System.Net.Http.Json;
using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Functions.Api;
using CloudStatus.Testing.Emulators;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>Both emulators for the stack: central on the Cosmos DB API server, every edge heap on Azurite's Table service.</summary>
[CollectionDefinition(Name)]
public sealed class EmulatorsCollection : ICollectionFixture<CosmosDbServer>, ICollectionFixture<AzuriteTableServer>
{
    public const string Name = "Cosmos DB API server and Azurite";
}

/// <summary>
/// The production adapters under the whole dev stack, chosen by configuration alone: the skeleton's acceptance points
/// (async reboot, a dark server going offline and coming back with nothing lost) hold on them too.
/// </summary>
[Collection(EmulatorsCollection.Name)]
public sealed class DevStackOnEmulatorsTests(CosmosDbServer cosmos, AzuriteTableServer azurite)
{
    [Fact]
    public async Task Stack_OnCosmosAndTableStorage_RebootsAsyncAndRecoversADarkServer()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        await using var stack = await StackHarness.StartAsync(
            o => o with { Period = TimeSpan.FromMilliseconds(500), HeartbeatTimeout = TimeSpan.FromSeconds(3), ChangeRate = 0 },
            settings: new Dictionary<string, string>
            {
                ["CloudStatus:Central:Store:Kind"] = "Cosmos",
                ["CloudStatus:Central:Store:Cosmos:AccountEndpoint"] = cosmos.Endpoint.ToString(),
                ["CloudStatus:Central:Store:Cosmos:Key"] = CosmosDbServer.Key,
                ["CloudStatus:Central:Store:Cosmos:EmulatorCertificatePath"] = cosmos.CertificatePath,
                ["CloudStatus:Central:Store:Cosmos:Database"] = "stack-" + suffix,
                ["CloudStatus:Central:Store:Cosmos:CreateIfNotExists"] = "true",
                ["CloudStatus:Edge:Heap:Kind"] = "TableStorage",
                ["CloudStatus:Edge:Heap:TableStorage:ConnectionString"] = azurite.ConnectionString,
                ["CloudStatus:Edge:Heap:TableStorage:TableName"] = "stack" + suffix,
            });
        var server = stack.Fleet.FindServer("srv-02")!;
        await Eventually.TrueAsync(
            async () => (await stack.ServerAsync("srv-02"))?.Online == true && await stack.KnowsProducerAsync("srv-01.sw-01"),
            "both servers registered their producers",
            TimeSpan.FromSeconds(60));

        // Asynchrony is shown by DevStackAcceptanceTests with a 30 s period; this 500 ms period (needed for the dark-server
        // half) cannot show it, so the wait below is only bounded, not timed against a figure the emulators share cores for.
        using (var reboot = await stack.PostAsync("/api/v1/commands", """{"producerId":"srv-01.sw-01","action":"reboot"}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, reboot.StatusCode);
        }

        await Eventually.TrueAsync(
            async () => (await stack.Client.GetFromJsonAsync(new Uri("/api/v1/events?type=reboot&serverId=srv-01", UriKind.Relative), ApiJsonContext.Default.EventPageDto))!
                .Items.Any(e => e.ProducerId == "srv-01.sw-01"),
            "the reboot event reached Cosmos",
            TimeSpan.FromSeconds(30));

        using (await stack.PostAsync("/dev/sim/producers/srv-02.sw-01.dev-001", """{"health":"degraded"}"""))
        using (await stack.PostAsync("/dev/sim/servers/srv-02/stop"))
        {
        }

        await Eventually.TrueAsync(async () => (await stack.ServerAsync("srv-02"))!.Online == false, "srv-02 is offline", TimeSpan.FromSeconds(30));
        using (await stack.PostAsync("/dev/sim/servers/srv-02/start"))
        {
        }

        // The restarted node keeps writing (its phones answer their first OPTIONS again), so central is compared with
        // the heap until they agree rather than at one instant.
        await Eventually.TrueAsync(
            async () =>
            {
                if (await stack.ServerAsync("srv-02") is not { Online: true, Stale: 0 } back || back.Watermark != server.Node.Heap.MaxSeq)
                {
                    return false;
                }

                var central = await stack.ProducersAsync("srv-02");
                var heap = server.Node.Heap.Records();
                return heap.Count == central.Count && heap.All(r => central.Any(p => p.ProducerId == r.ProducerId && p.Seq == r.Seq));
            },
            "srv-02 is back from its Table-storage heap, fresh, caught up and equal to it",
            TimeSpan.FromSeconds(60));
    }
}
