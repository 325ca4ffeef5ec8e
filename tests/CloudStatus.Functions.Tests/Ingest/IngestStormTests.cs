using System.Diagnostics;
using System.Net;
using CloudStatus.Core.Model;
using CloudStatus.Faults.Tests.Support;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Storage;
using CloudStatus.Functions.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Ingest;

/// <summary>
/// Ingest on the Cosmos DB API server behind the fault suite's proxy: a batch that meets a store answering every
/// document request 503 for longer than the old retry budget (5 tries, about 3 s) is applied once the store is back,
/// not given up on (a batch given up on waits for a resync, at most one per cooldown: docs/adr/0181).
/// </summary>
[Collection(CosmosCollection.Name)]
public sealed class IngestStormTests(CosmosDbServer server)
{
    private static readonly TimeSpan Storm = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Apply_StoreUnavailableLongerThanTheOldBudget_AppliedOnceItIsBack()
    {
        await using var proxy = await CosmosFaultProxy.StartAsync(server);
        var database = "storm-" + Guid.NewGuid().ToString("N");
        await using var host = await ApiHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CloudStatus:Central:Store:Kind"] = "Cosmos",
            ["CloudStatus:Central:Store:Cosmos:AccountEndpoint"] = proxy.Endpoint.ToString(),
            ["CloudStatus:Central:Store:Cosmos:Key"] = CosmosDbServer.Key,
            ["CloudStatus:Central:Store:Cosmos:EmulatorCertificatePath"] = server.CertificatePath,
            ["CloudStatus:Central:Store:Cosmos:Database"] = database,
            ["CloudStatus:Central:Store:Cosmos:CreateIfNotExists"] = "true",
            // The adapter's read retries wait on the host's clock, which this host fakes; ingest's own retries (the
            // subject here) run on real time, so every refusal reaches them.
            ["CloudStatus:Central:Store:Cosmos:TransientReadRetries"] = "0",
        });
        try
        {
            await host.ApplyAsync(Periodic(1, 1, Rec("sw1", 1, kind: ProducerKind.Switch)));

            proxy.Inject(HttpStatusCode.ServiceUnavailable, 1.0);
            var storm = Stopwatch.StartNew();
            var apply = host.ApplyAsync(Periodic(2, 2, Rec("dev", 2, Health.Degraded)));
            await Eventually.TrueAsync(
                () => Task.FromResult(apply.IsCompleted || (proxy.Injected >= 6 && storm.Elapsed >= Storm)),
                "the store refused more tries than the old budget, for longer", TimeSpan.FromSeconds(30));
            Assert.False(apply.IsCompleted, $"the apply ended during the storm: {apply.Exception?.GetBaseException().Message}");
            proxy.Heal();

            await apply;
            var row = await host.Services.GetRequiredService<IServerStore>().GetAsync("srv-01");
            Assert.Equal(2L, row!.Watermark);
        }
        finally
        {
            proxy.Heal();
            await host.Services.GetRequiredService<CosmosClient>().GetDatabase(database).DeleteStreamAsync();
        }
    }
}
