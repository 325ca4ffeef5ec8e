using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Heap;

public sealed class StatusHeapTests : IDisposable
{
    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task OpenAsync_EmptyMirror_StartsNewEpochAtSeqZero()
    {
        var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time);
        await using var _ = mirror;

        Assert.False(string.IsNullOrWhiteSpace(heap.Epoch));
        Assert.Equal(0, heap.MaxSeq);
        Assert.Equal(0, heap.LastSent);
        Assert.Equal(new HeapDigest { Count = 0, MaxSeq = 0, Hash = DigestHash.Format(0) }, heap.Digest);
    }

    [Fact]
    public async Task WriteAsync_SeveralRecords_TakeConsecutiveSeqAndTheLocalTime()
    {
        var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time);
        await using var _ = mirror;

        var first = await heap.WriteAsync([Writes.Online("a"), Writes.Online("b")]);
        _time.Advance(TimeSpan.FromSeconds(5));
        var second = await heap.WriteAsync([Writes.Online("a", state: """{"x":1}""")]);

        Assert.Equal([1L, 2L], first.Select(r => r.Seq));
        Assert.Equal(3, second[0].Seq);
        Assert.Equal(_time.GetUtcNow(), second[0].LocalTimestamp);
        Assert.Equal(3, heap.MaxSeq);
        Assert.Equal("""{"x":1}""", heap.Get("a")!.State);
    }

    [Fact]
    public async Task Digest_AfterUpdatesAndTombstones_EqualsSumOverLiveRecords()
    {
        var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time);
        await using var _ = mirror;

        await heap.WriteAsync([Writes.Online("a"), Writes.Online("b"), Writes.Online("c")]);
        await heap.WriteAsync([Writes.Online("a", state: """{"v":2}""")]);
        await heap.WriteAsync([Writes.Tombstone("b")]);

        var live = heap.Records().Where(r => !r.Deleted).ToList();
        var expected = live.Aggregate(0UL, (sum, r) => unchecked(sum + DigestHash.Of(r.ProducerId, r.Seq)));
        Assert.Equal(2, heap.Digest.Count);
        Assert.Equal(5, heap.Digest.MaxSeq);
        Assert.Equal(DigestHash.Format(expected), heap.Digest.Hash);
        Assert.Equal(2, heap.LiveCount);
    }

    [Fact]
    public async Task GetPending_RecordChangedSeveralTimes_ReturnsOnlyItsLatestStateInSeqOrder()
    {
        var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time);
        await using var _ = mirror;

        await heap.WriteAsync([Writes.Online("a"), Writes.Online("b")]);
        await heap.AdvanceLastSentAsync(2);
        for (var i = 0; i < 5; i++)
        {
            await heap.WriteAsync([Writes.Online("a", state: $$"""{"n":{{i}}}""")]);
        }

        await heap.WriteAsync([Writes.Online("c")]);

        var pending = heap.GetPending();
        Assert.Equal(2, pending.LastSent);
        Assert.Equal(8, pending.MaxSeq);
        Assert.Equal(["a", "c"], pending.Records.Select(r => r.ProducerId));
        Assert.Equal("""{"n":4}""", pending.Records[0].State);
    }

    [Fact]
    public async Task AdvanceLastSentAsync_BackwardsOrPastMaxSeq_IsClamped()
    {
        var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time);
        await using var _ = mirror;
        await heap.WriteAsync([Writes.Online("a"), Writes.Online("b")]);

        await heap.AdvanceLastSentAsync(10);
        Assert.Equal(2, heap.LastSent);
        await heap.AdvanceLastSentAsync(1);
        Assert.Equal(2, heap.LastSent);
    }

    [Fact]
    public async Task PurgeTombstonesAsync_OnlyWhenSentAndOlderThanRetention()
    {
        var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time, TimeSpan.FromMinutes(10));
        await using var _ = mirror;
        await heap.WriteAsync([Writes.Online("a"), Writes.Online("b")]);
        await heap.WriteAsync([Writes.Tombstone("a")]);

        _time.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(0, await heap.PurgeTombstonesAsync()); // old enough but not sent
        Assert.NotNull(heap.Get("a"));

        await heap.AdvanceLastSentAsync(3);
        Assert.Equal(1, await heap.PurgeTombstonesAsync());
        Assert.Null(heap.Get("a"));
        Assert.NotNull(heap.Get("b"));
    }

    [Fact]
    public async Task PurgeTombstonesAsync_SentButWithinRetention_KeepsTheTombstoneForResync()
    {
        var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time, TimeSpan.FromMinutes(10));
        await using var _ = mirror;
        await heap.WriteAsync([Writes.Online("a")]);
        await heap.WriteAsync([Writes.Tombstone("a")]);
        await heap.AdvanceLastSentAsync(2);

        _time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await heap.PurgeTombstonesAsync());
        Assert.Equal(["a"], heap.GetFrom(0).Records.Select(r => r.ProducerId));
    }

    [Fact]
    public async Task OpenAsync_AfterRestart_ResumesEpochSequenceLastSentAndDigest()
    {
        string epoch;
        HeapDigest digest;
        {
            var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time);
            await using var _ = mirror;
            await heap.WriteAsync([Writes.Online("srv"), Writes.Online("srv.sw-01", ProducerKind.Switch, "srv")]);
            await heap.WriteAsync([Writes.Tombstone("srv.sw-01", ProducerKind.Switch, "srv")]);
            await heap.AdvanceLastSentAsync(2);
            epoch = heap.Epoch;
            digest = heap.Digest;
        }

        var (restored, mirror2) = await Writes.OpenHeapAsync(_dir.Path, _time);
        await using var __ = mirror2;
        Assert.Equal(epoch, restored.Epoch);
        Assert.Equal(3, restored.MaxSeq);
        Assert.Equal(2, restored.LastSent);
        Assert.Equal(digest, restored.Digest);
        Assert.True(restored.Get("srv.sw-01")!.Deleted);
        var next = await restored.WriteAsync([Writes.Online("x")]);
        Assert.Equal(4, next[0].Seq);
    }

    [Fact]
    public async Task OpenAsync_MissingFile_StartsADifferentEpoch()
    {
        var (first, mirror1) = await Writes.OpenHeapAsync(_dir.Sub("one"), _time);
        await using var _ = mirror1;
        var (second, mirror2) = await Writes.OpenHeapAsync(_dir.Sub("two"), _time);
        await using var __ = mirror2;

        Assert.NotEqual(first.Epoch, second.Epoch);
    }

    [Fact]
    public async Task LiveChildrenOf_AfterTombstoneAndReparent_ListsOnlyLiveChildren()
    {
        var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time);
        await using var _ = mirror;
        await heap.WriteAsync([
            Writes.Online("sw", ProducerKind.Switch),
            Writes.Online("sw.d1", parent: "sw"),
            Writes.Online("sw.d2", parent: "sw"),
            Writes.Online("sw.d3", parent: "sw"),
        ]);
        await heap.WriteAsync([Writes.Tombstone("sw.d1", parent: "sw"), Writes.Online("sw.d3", parent: "other")]);

        Assert.Equal(["sw.d2"], heap.LiveChildrenOf("sw"));
        Assert.Equal(["sw.d3"], heap.LiveChildrenOf("other"));
    }

    [Fact]
    public async Task WriteAsync_RaisesWrittenAfterTheRecordIsVisible()
    {
        var (heap, mirror) = await Writes.OpenHeapAsync(_dir.Path, _time);
        await using var _ = mirror;
        StatusRecord? seen = null;
        heap.Written += () => seen = heap.Get("a");

        await heap.WriteAsync([Writes.Online("a")]);

        Assert.NotNull(seen);
        Assert.Equal(Health.Online, seen.Health);
    }
}
