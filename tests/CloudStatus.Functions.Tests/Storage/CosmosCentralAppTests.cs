using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Storage.Cosmos;
using CloudStatus.Functions.Tests.Support;
using CloudStatus.Hosting.Loops;
using CloudStatus.Testing.Emulators;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Storage;

/// <summary>The whole central app configured for Cosmos DB (store kind Cosmos), against the Cosmos DB API server.</summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosCentralAppTests(CosmosDbServer server)
{
    [Fact]
    public async Task App_StoreKindCosmos_IngestsAndServesTheApiFromCosmos()
    {
        var database = "app-" + Guid.NewGuid().ToString("N");
        await using var host = await ApiHost.StartAsync(settings: Settings(database));
        try
        {
            Assert.IsType<CosmosServerStore>(host.Services.GetRequiredService<IServerStore>());
            await host.ApplyAsync(Periodic(1, 2, Rec("sw1", 1, kind: ProducerKind.Switch), Rec("dev", 2, Health.Degraded)));
            host.Time.Advance(TimeSpan.FromSeconds(5));
            await host.ApplyAsync(Heartbeat(2, Digest(Rec("sw1", 1), Rec("dev", 2, Health.Degraded))));

            using var servers = await GetJsonAsync(host, "/api/v1/servers");
            var row = Assert.Single(servers.RootElement.EnumerateArray());
            Assert.Equal(2, row.GetProperty("watermark").GetInt64());
            Assert.Equal(1, row.GetProperty("counts").GetProperty("degraded").GetInt64());

            using var producers = await GetJsonAsync(host, "/api/v1/servers/srv-01/producers?limit=1");
            Assert.Single(producers.RootElement.GetProperty("items").EnumerateArray());
            Assert.NotEqual(JsonValueKind.Null, producers.RootElement.GetProperty("continuation").ValueKind);

            using var events = await GetJsonAsync(host, "/api/v1/events?from=2029-12-31T00:00:00Z&to=2030-01-02T00:00:00Z");
            Assert.NotEmpty(events.RootElement.GetProperty("items").EnumerateArray());
        }
        finally
        {
            await host.Services.GetRequiredService<CosmosClient>().GetDatabase(database).DeleteStreamAsync();
        }
    }

    [Fact]
    public async Task Ingest_SteadyPeriodicBatch_WritesWithoutReadingProducers()
    {
        var database = "app-" + Guid.NewGuid().ToString("N");
        // The view refresh and the heartbeat sweep run on the host's clock (30 s by default): left at that, the advance
        // below starts a view build (it reads the connectivity view and lists the producers) that races the measured
        // batch on a busy machine. Here they tick only at start, and that tick is over before the measurement.
        var settings = Settings(database);
        settings["CloudStatus:Central:Views:ViewInterval"] = "01:00:00";
        settings["CloudStatus:Central:Sweep:HeartbeatTimeout"] = "01:00:00";
        settings["CloudStatus:Central:Sweep:SweepInterval"] = "01:00:00";
        await using var host = await ApiHost.StartAsync(settings: settings);
        try
        {
            await host.ApplyAsync(Periodic(1, 2, Rec("sw1", 1, kind: ProducerKind.Switch), Rec("dev", 2)));
            await Eventually.TrueAsync(
                () => Task.FromResult(host.Services.GetRequiredService<LoopHeartbeats>().Loops is var loops
                    && loops.Count(l => l.Name is "view-refresh" or "heartbeat-sweep") == 2 && loops.All(l => !l.IsInTick)),
                "the view refresh and the sweep finished their first tick");
            host.Time.Advance(TimeSpan.FromSeconds(30));
            using var charges = new MetricCollector<double>(
                host.Services.GetRequiredService<IMeterFactory>(), Functions.CentralMetrics.MeterName, CosmosMetrics.RequestChargeInstrument);

            await host.ApplyAsync(Periodic(3, 4, Rec("sw1", 3, Health.Degraded, kind: ProducerKind.Switch), Rec("dev", 4, Health.Offline)));

            // Counted against the emulator (its charges are constant; the operations are what the cost model prices).
            var operations = charges.GetMeasurementSnapshot()
                .GroupBy(m => (Container: (string)m.Tags["container"]!, Operation: (string)m.Tags["operation"]!))
                .ToDictionary(g => g.Key, g => g.Count());
            Assert.DoesNotContain(operations.Keys, k => k.Container == "producers" && k.Operation is "read" or "query");
            Assert.Equal(2, operations[("producers", "replace")]);
            Assert.Equal(1, operations[("servers", "read")]);
            Assert.Equal(1, operations[("servers", "replace")]);
            Assert.Equal(1, operations[("events", "create")]); // both changes logged in one document (docs/adr/0131)
            using var producers = await GetJsonAsync(host, "/api/v1/servers/srv-01/producers");
            Assert.All(producers.RootElement.GetProperty("items").EnumerateArray(), p => Assert.NotEqual("online", p.GetProperty("health").GetString()));
        }
        finally
        {
            await host.Services.GetRequiredService<CosmosClient>().GetDatabase(database).DeleteStreamAsync();
        }
    }

    [Fact]
    public async Task Ingest_DeltaRecords_CompletedFromTheCosmosRowOrResynced()
    {
        var database = "app-" + Guid.NewGuid().ToString("N");
        await using var host = await ApiHost.StartAsync(settings: Settings(database));
        try
        {
            await host.ApplyAsync(Periodic(1, 2, Rec("a", 1) with { State = """{"extension":"1005","calls":3}""" }, Rec("b", 2)));

            var applied = await host.ApplyAsync(Periodic(3, 3, Ingest.DeltaIngestTests.Delta("a", 3, 1, """{"calls":4}""")));
            var redelivered = await host.ApplyAsync(Periodic(3, 3, Ingest.DeltaIngestTests.Delta("a", 3, 1, """{"calls":4}""")));
            var baseLost = await host.ApplyAsync(Periodic(4, 4, Ingest.DeltaIngestTests.Delta("b", 4, 3, """{"seq":4}""")));

            Assert.Equal((1, 0, 0), (applied.Applied, redelivered.Applied, baseLost.Applied));
            Assert.Equal(4L, baseLost.ResyncFromSeq);
            var store = host.Services.GetRequiredService<IProducerStore>();
            var a = await store.GetAsync("srv-01", "srv-01.a");
            var b = await store.GetAsync("srv-01", "srv-01.b");
            Assert.Equal((3L, """{"extension":"1005","calls":4}""", Health.Degraded), (a!.Seq, a.State, a.Health));
            Assert.Equal((2L, """{"seq":2}"""), (b!.Seq, b.State));
        }
        finally
        {
            await host.Services.GetRequiredService<CosmosClient>().GetDatabase(database).DeleteStreamAsync();
        }
    }

    [Fact]
    public async Task App_StoreKindCosmosWithoutEndpoint_FailsAtStartNamingTheSetting()
    {
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => ApiHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CloudStatus:Central:Store:Kind"] = "Cosmos",
        }));

        Assert.Contains("CloudStatus:Central:Store:Cosmos:AccountEndpoint", ex.Message, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Settings(string database) => new()
    {
        ["CloudStatus:Central:Store:Kind"] = "Cosmos",
        ["CloudStatus:Central:Store:Cosmos:AccountEndpoint"] = server.Endpoint.ToString(),
        ["CloudStatus:Central:Store:Cosmos:Key"] = CosmosDbServer.Key,
        ["CloudStatus:Central:Store:Cosmos:EmulatorCertificatePath"] = server.CertificatePath,
        ["CloudStatus:Central:Store:Cosmos:Database"] = database,
        ["CloudStatus:Central:Store:Cosmos:CreateIfNotExists"] = "true",
    };

    private static async Task<JsonDocument> GetJsonAsync(ApiHost host, string path)
    {
        using var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
    }
}
