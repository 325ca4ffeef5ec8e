using Azure.Data.Tables;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Heap;
using CloudStatus.Testing.Emulators;

namespace CloudStatus.Edge.Tests.Heap;

/// <summary>The heap mirror contract and the Table-storage specifics (chunked transactions, recovery) against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableHeapMirrorTests(AzuriteTableServer azurite) : HeapMirrorContractTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private readonly string _table = "heap" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _server = "srv-" + Guid.NewGuid().ToString("N")[..8];

    private TableClient Client => new(azurite.ConnectionString, _table);

    [Fact]
    public async Task PersistAsync_MoreThanOneTransaction_RestoresEveryRecordAndTheSequence()
    {
        var records = Enumerable.Range(1, 250).Select(i => Record($"p{i:D3}", i)).ToList();
        await using (var mirror = await OpenAsync())
        {
            await mirror.StartEpochAsync("e");
            await mirror.PersistAsync(records, 250);
        }

        await using var reopened = await OpenAsync();
        var snapshot = await reopened.LoadAsync();
        Assert.Equal(250, snapshot!.LastSeq);
        Assert.Equal(records, snapshot.Records);
    }

    [Fact]
    public async Task LoadAsync_CrashBetweenChunks_NeverReusesAStoredSequence()
    {
        await using (var mirror = await OpenAsync())
        {
            await mirror.StartEpochAsync("e");
            await mirror.PersistAsync([Record("a", 1)], 1);
        }

        // What a crash after the first chunk of a larger persist leaves: its records (the lowest new seqs), the meta not yet.
        await Client.SubmitTransactionAsync(Enumerable.Range(2, 5).Select(i => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace,
            new TableEntity(_server, $"r:e:b{i}") { ["Kind"] = ProducerKind.Device, ["Seq"] = (long)i, ["LocalTicks"] = T0.UtcTicks, ["Health"] = 1, ["State"] = "{}" })));

        await using var reopened = await OpenAsync();
        var snapshot = await reopened.LoadAsync();
        Assert.Equal(6, snapshot!.LastSeq);
        Assert.Equal(["a", "b2", "b3", "b4", "b5", "b6"], snapshot.Records.Select(r => r.ProducerId));
    }

    [Fact]
    public async Task LoadAsync_RowsOfAnOlderEpochLeftByACrash_AreIgnoredAndDeleted()
    {
        await using (var mirror = await OpenAsync())
        {
            await mirror.StartEpochAsync("new");
        }

        await Client.UpsertEntityAsync(new TableEntity(_server, "r:old:x") { ["Kind"] = ProducerKind.Device, ["Seq"] = 99L });

        await using var reopened = await OpenAsync();
        var snapshot = await reopened.LoadAsync();
        Assert.Equal(("new", 0L, 0), (snapshot!.Epoch, snapshot.LastSeq, snapshot.Records.Count));
        Assert.False((await Client.GetEntityIfExistsAsync<TableEntity>(_server, "r:old:x")).HasValue);
    }

    [Fact]
    public async Task PersistAsync_StateLongerThanOneProperty_RoundTrips()
    {
        var big = "{\"blob\":\"" + new string('x', (TableHeapMirror.MaxCharsPerProperty * 2) + 17) + "\"}";
        await using (var mirror = await OpenAsync())
        {
            await mirror.StartEpochAsync("e");
            await mirror.PersistAsync([Record("a", 1) with { State = big, Config = big }], 1);
        }

        await using var reopened = await OpenAsync();
        var record = Assert.Single((await reopened.LoadAsync())!.Records);
        Assert.Equal(big, record.State);
        Assert.Equal(big, record.Config);
    }

    [Fact]
    public async Task PurgeAsync_IdsAlreadyGone_IsHarmless()
    {
        await using var mirror = await OpenAsync();
        await mirror.StartEpochAsync("e");
        await mirror.PersistAsync([Record("a", 1), Record("b", 2)], 2);

        await mirror.PurgeAsync(["a", "never-stored"]);

        Assert.Equal(["b"], (await mirror.LoadAsync())!.Records.Select(r => r.ProducerId));
    }

    [Fact]
    public async Task Servers_ShareATable_EachInItsOwnPartition()
    {
        await using var first = await OpenAsync();
        await using var second = await TableHeapMirror.OpenAsync(Client, _server + "-2", createTable: true);
        await first.StartEpochAsync("e1");
        await second.StartEpochAsync("e2");
        await first.PersistAsync([Record("a", 1)], 1);

        Assert.Empty((await second.LoadAsync())!.Records);
        Assert.Single((await first.LoadAsync())!.Records);
    }

    [Fact]
    public void Chunk_ManyOrLargeActions_CutsAtOneHundredOperationsOrTheByteBudget()
    {
        var small = Enumerable.Range(0, 250).Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", $"r{i}")));
        Assert.Equal([100, 100, 50], TableHeapMirror.Chunk(small).Select(c => c.Count));

        var large = Enumerable.Range(0, 10).Select(i => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace, new TableEntity("p", $"r{i}") { ["State"] = new string('x', 600_000) }));
        Assert.Equal([2, 2, 2, 2, 2], TableHeapMirror.Chunk(large).Select(c => c.Count)); // 1.2 MB each, 3 MiB budget
    }

    private protected override async Task<IHeapMirror> OpenAsync() => await TableHeapMirror.OpenAsync(Client, _server, createTable: true);

    private static StatusRecord Record(string id, long seq) => new()
    {
        ProducerId = id,
        Kind = ProducerKind.Device,
        Seq = seq,
        LocalTimestamp = T0.AddSeconds(seq),
        Health = Health.Online,
        State = "{}",
    };
}
