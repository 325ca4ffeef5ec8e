using CloudStatus.Core.Central;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Storage.Cosmos;
using CloudStatus.Testing.Emulators;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Functions.Tests.Storage;

/// <summary>What only the Cosmos DB adapter does: request charges, container checks, ETag conflicts between writers.</summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosStoreTests(CosmosDbServer server) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private CosmosTestDatabase _db = null!;

    public Task InitializeAsync()
    {
        _db = new CosmosTestDatabase(server);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task RequestCharge_EveryOperation_IsRecordedByContainerAndOperation()
    {
        using var charges = new MetricCollector<double>(_db.MeterFactory, Functions.CentralMetrics.MeterName, CosmosMetrics.RequestChargeInstrument);
        await _db.Database.EnsureCreatedAsync(CancellationToken.None);
        var servers = _db.Stores().Servers;

        await servers.UpsertAsync(Server(batches: 1));
        await servers.GetAsync("srv-1");

        var measured = charges.GetMeasurementSnapshot();
        Assert.All(measured, m => Assert.True(m.Value > 0));
        Assert.Contains(measured, m => Tag(m, "container") == "servers" && Tag(m, "operation") == "create");
        Assert.Contains(measured, m => Tag(m, "container") == "servers" && Tag(m, "operation") == "read");
        Assert.Contains(measured, m => Tag(m, "container") == "lookups" && Tag(m, "operation") == "create");
        Assert.Contains(measured, m => Tag(m, "container") == "events" && Tag(m, "operation") == "createContainer");
    }

    [Fact]
    public async Task EventLog_OneBatch_IsOneDocumentAndItsRedeliveryAddsNone()
    {
        await _db.Database.EnsureCreatedAsync(CancellationToken.None);
        var events = _db.Stores().Events;
        var batch = Enumerable.Range(0, 40).Select(i => new StatusEvent
        {
            EventId = $"e{i:D2}", TenantId = "t1", ServerId = "srv-1", ProducerId = $"srv-1.p{i}", Type = i % 4 == 0 ? "reboot" : "healthChanged",
            CentralTimestamp = T0,
        }).ToList();

        await events.AppendAsync("batch-1", batch);
        await events.AppendAsync("batch-1", batch[5..]); // redelivered after a partial apply: a subset, same batch id

        var documents = await _db.Database.QueryAsync(
            CosmosContainers.Events, "t1|2030-01-01", new QueryDefinition("SELECT * FROM c WHERE c.bucket = 't1|2030-01-01'"), null, CancellationToken.None);
        Assert.Single(documents);
        var page = await events.QueryAsync(new EventQuery { TenantIds = ["t1"], From = T0, To = T0.AddMinutes(1), Limit = 100 });
        Assert.Equal(batch.Select(e => e.EventId).Reverse(), page.Items.Select(e => e.EventId));
    }

    [Fact]
    public void EventLog_BatchOverTheDocumentBound_IsSplitIntoNumberedDocuments()
    {
        var batch = Enumerable.Range(0, CosmosEventStore.MaxEventsPerDocument + 1).Select(i => new StatusEvent
        {
            EventId = $"e{i}", TenantId = "t1", ServerId = "srv-1", ProducerId = $"srv-1.p{i}", Type = "added", CentralTimestamp = T0,
        }).ToList();

        var documents = CosmosEventStore.Documents("batch-1", batch);

        Assert.Equal(["batch-1.0", "batch-1.1"], documents.Select(d => (string?)d.Body["id"]));
        Assert.Equal(batch.Count, documents.Sum(d => d.Body["events"]!.AsArray().Count));
    }

    [Fact]
    public async Task VerifyAsync_ContainersMissing_FailsNamingTheContainerAndTheFix()
    {
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => _db.Database.VerifyAsync(CancellationToken.None));

        Assert.Contains("'servers'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CreateIfNotExists", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_AfterEnsureCreated_Passes()
    {
        await _db.Database.EnsureCreatedAsync(CancellationToken.None);
        await _db.Database.EnsureCreatedAsync(CancellationToken.None);

        await _db.Database.VerifyAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ServerStore_AnotherInstanceWroteInBetween_StaleETagIsRereadAndTheNewerRowKept()
    {
        await _db.Database.EnsureCreatedAsync(CancellationToken.None);
        var instanceA = new CosmosServerStore(_db.Database, new CosmosLookups(_db.Database), NullLogger<CosmosServerStore>.Instance);
        var instanceB = new CosmosServerStore(_db.Database, new CosmosLookups(_db.Database), NullLogger<CosmosServerStore>.Instance);
        await instanceA.UpsertAsync(Server(batches: 1));
        await instanceB.UpsertAsync(Server(batches: 2) with { Watermark = 20 });

        await instanceA.UpsertAsync(Server(batches: 1) with { Watermark = 10, Online = false }); // planned from its old read
        Assert.Equal(20, (await instanceB.GetAsync("srv-1"))!.Watermark);

        await instanceA.UpsertAsync(Server(batches: 3) with { Watermark = 30 });
        Assert.Equal(30, (await instanceB.GetAsync("srv-1"))!.Watermark);
    }

    [Fact]
    public async Task ServerStore_TenantChanges_RowMovesPartitionAndOldOneIsRemoved()
    {
        await _db.Database.EnsureCreatedAsync(CancellationToken.None);
        var servers = _db.Stores().Servers;
        await servers.UpsertAsync(Server(batches: 1));

        await servers.UpsertAsync(Server(batches: 2) with { TenantId = "t2" });

        Assert.Equal("t2", (await servers.GetAsync("srv-1"))!.TenantId);
        Assert.Empty(await servers.ListByTenantAsync("t1"));
        Assert.Single(await servers.ListByTenantAsync("t2"));
    }

    [Fact]
    public async Task ProducerStore_AnotherInstanceWroteANewerSeq_OlderWriteIsSkipped()
    {
        await _db.Database.EnsureCreatedAsync(CancellationToken.None);
        var instanceA = _db.Stores().Producers;
        var instanceB = new CosmosProducerStore(_db.Database, new CosmosLookups(_db.Database), NullLogger<CosmosProducerStore>.Instance);
        await instanceA.UpsertManyAsync("srv-1", [Producer(1)]);
        await instanceB.UpsertManyAsync("srv-1", [Producer(3)]);

        await instanceA.UpsertManyAsync("srv-1", [Producer(2) with { Stale = true }]);

        var read = await instanceB.GetAsync("srv-1", "srv-1.a");
        Assert.Equal((3L, false), (read!.Seq, read.Stale));
    }

    private static string? Tag(CollectedMeasurement<double> measurement, string name) =>
        measurement.Tags.TryGetValue(name, out var value) ? value as string : null;

    private static ServerState Server(long batches) => new()
    {
        ServerId = "srv-1", TenantId = "t1", SiteId = "s", Epoch = "e1", RegisteredAt = T0, Batches = batches, Online = true,
    };

    private static ProducerState Producer(long seq) => new()
    {
        TenantId = "t1", ServerId = "srv-1", ProducerId = "srv-1.a", Kind = "device", Epoch = "e1", Seq = seq,
        LocalTimestamp = T0, CentralTimestamp = T0,
    };
}
