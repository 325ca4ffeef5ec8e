using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Heap;

namespace CloudStatus.Edge.Tests.Heap;

/// <summary>What every <see cref="IHeapMirror"/> must do; one subclass per adapter (SQLite now, Table storage next).</summary>
public abstract class HeapMirrorContractTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 4, 5, 6, 7, TimeSpan.Zero);

    /// <summary>Opens the adapter on this test's storage; called again to simulate a restart.</summary>
    private protected abstract Task<IHeapMirror> OpenAsync();

    [Fact]
    public async Task LoadAsync_NothingStored_ReturnsNull()
    {
        await using var mirror = await OpenAsync();

        Assert.Null(await mirror.LoadAsync());
    }

    [Fact]
    public async Task StartEpochAsync_ThenLoad_ReturnsTheEpochWithNothingElse()
    {
        await using (var mirror = await OpenAsync())
        {
            await mirror.StartEpochAsync("epoch-1");
        }

        await using var reopened = await OpenAsync();
        var snapshot = await reopened.LoadAsync();
        Assert.NotNull(snapshot);
        Assert.Equal("epoch-1", snapshot.Epoch);
        Assert.Equal(0, snapshot.LastSeq);
        Assert.Equal(0, snapshot.LastSent);
        Assert.Empty(snapshot.Records);
    }

    [Fact]
    public async Task PersistAsync_ThenReopen_RestoresEveryFieldAndTheSequence()
    {
        var record = new StatusRecord
        {
            ProducerId = "srv-01.sw-03",
            Kind = ProducerKind.Switch,
            ParentId = "srv-01",
            Seq = 7,
            LocalTimestamp = T0,
            Health = Health.Degraded,
            State = """{"bootCount":3}""",
            Config = """{"vlan":12}""",
            Deleted = false,
            Silent = true,
            Flapping = true,
            Event = RecordEvents.Silent,
            Mac = "02:00:5e:10:00:03",
            Ip = "10.0.1.3",
        };
        await using (var mirror = await OpenAsync())
        {
            await mirror.StartEpochAsync("e");
            await mirror.PersistAsync([record], lastSeq: 9);
        }

        await using var reopened = await OpenAsync();
        var snapshot = await reopened.LoadAsync();
        Assert.NotNull(snapshot);
        Assert.Equal(9, snapshot.LastSeq);
        Assert.Equal([record], snapshot.Records);
    }

    [Fact]
    public async Task PersistAsync_SameProducerAgain_KeepsOnlyTheLatest()
    {
        await using (var mirror = await OpenAsync())
        {
            await mirror.StartEpochAsync("e");
            await mirror.PersistAsync([Record("a", 1), Record("b", 2)], 2);
            await mirror.PersistAsync([Record("a", 3) with { Deleted = true, State = null }], 3);
        }

        await using var reopened = await OpenAsync();
        var snapshot = await reopened.LoadAsync();
        Assert.Equal([("b", 2L, false), ("a", 3L, true)], snapshot!.Records.Select(r => (r.ProducerId, r.Seq, r.Deleted)));
    }

    [Fact]
    public async Task PersistLastSentAsync_SurvivesReopen()
    {
        await using (var mirror = await OpenAsync())
        {
            await mirror.StartEpochAsync("e");
            await mirror.PersistAsync([Record("a", 1), Record("b", 2)], 2);
            await mirror.PersistLastSentAsync(2);
        }

        await using var reopened = await OpenAsync();
        Assert.Equal(2, (await reopened.LoadAsync())!.LastSent);
    }

    [Fact]
    public async Task PurgeAsync_RemovesOnlyTheGivenProducers()
    {
        await using (var mirror = await OpenAsync())
        {
            await mirror.StartEpochAsync("e");
            await mirror.PersistAsync([Record("a", 1), Record("b", 2), Record("c", 3)], 3);
            await mirror.PurgeAsync(["a", "c"]);
        }

        await using var reopened = await OpenAsync();
        var snapshot = await reopened.LoadAsync();
        Assert.Equal(["b"], snapshot!.Records.Select(r => r.ProducerId));
        Assert.Equal(3, snapshot.LastSeq);
    }

    [Fact]
    public async Task StartEpochAsync_OverAnOldHeap_ForgetsItsRecordsAndCounters()
    {
        await using (var mirror = await OpenAsync())
        {
            await mirror.StartEpochAsync("old");
            await mirror.PersistAsync([Record("a", 1)], 1);
            await mirror.PersistLastSentAsync(1);
            await mirror.StartEpochAsync("new");
        }

        await using var reopened = await OpenAsync();
        var snapshot = await reopened.LoadAsync();
        Assert.Equal(("new", 0L, 0L, 0), (snapshot!.Epoch, snapshot.LastSeq, snapshot.LastSent, snapshot.Records.Count));
    }

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
