using CloudStatus.Core.Wire;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Edge.Uplink;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Uplink;

/// <summary>The uplink's delta records: against the record the hub last acknowledged, whole on resync and when it cannot say the change.</summary>
public sealed class UplinkDeltaTests : IDisposable
{
    private const string Calls3 = """{"extension":"1005","calls":3}""";
    private const string Calls4 = """{"extension":"1005","calls":4}""";
    private const string Calls5 = """{"extension":"1005","calls":5}""";

    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task PumpAsync_StateChangedAfterAnAcknowledgedSend_SendsOnlyTheChangedMembers()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a", state: Calls3)]);
        await edge.Upstream.PumpAsync();
        _time.Advance(TimeSpan.FromMilliseconds(1500));
        await edge.Heap.WriteAsync([Writes.Online("a", state: Calls4)]);
        _time.Advance(TimeSpan.FromMilliseconds(250));

        await edge.Upstream.PumpAsync();

        var (first, second) = (edge.Transport.WireBatches[0].Records.Single(), edge.Transport.WireBatches[1].Records.Single());
        Assert.Equal((null, Calls3, "device"), (first.Base, first.State, first.Kind));
        Assert.Equal((1L, """{"calls":4}""", null), (second.Base, second.StatePatch, second.State));
        Assert.True(string.IsNullOrEmpty(second.Kind));
        Assert.Equal(edge.Heap.Get("a")!.LocalTimestamp, second.LocalTimestamp); // sent as its age, read back exactly
        Assert.Equal(TimeSpan.FromMilliseconds(250).Ticks, second.AgeTicks);
    }

    [Fact]
    public async Task PumpAsync_AfterAFailedSend_DiffsAgainstTheLastAcknowledgedRecord()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a", state: Calls3)]);
        await edge.Upstream.PumpAsync();
        await edge.Heap.WriteAsync([Writes.Online("a", state: Calls4)]);
        edge.Transport.Online = false;
        Assert.Equal(PumpResult.Failed, await edge.Upstream.PumpAsync());
        edge.Transport.Online = true;
        await edge.Heap.WriteAsync([Writes.Online("a", state: Calls5)]);

        await edge.Upstream.PumpAsync();

        var delta = edge.Transport.WireBatches[^1].Records.Single();
        Assert.Equal((3L, 1L, """{"calls":5}"""), (delta.Seq, delta.Base, delta.StatePatch));
    }

    [Fact]
    public async Task PumpAsync_ResyncAndAChangeAPatchCannotSay_GoWhole()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a", state: Calls3), Writes.Online("b", state: Calls3)]);
        await edge.Upstream.PumpAsync();
        await edge.Heap.WriteAsync([Writes.Online("b", state: """{"calls":4}""")]); // a member removed

        await edge.Upstream.PumpAsync();
        edge.Upstream.RequestResync(0);
        await edge.Upstream.PumpAsync();

        var changed = edge.Transport.WireBatches[1].Records.Single();
        Assert.Equal((2L, """{"calls":4}""", null), (changed.Base, changed.State, changed.StatePatch)); // whole state, still a delta
        var resync = edge.Transport.WireBatches[2];
        Assert.Equal(BatchKind.Resync, resync.Kind);
        Assert.All(resync.Records, r => Assert.Equal((null, "device"), (r.Base, r.Kind)));
    }

    [Fact]
    public async Task PumpAsync_TombstoneAndTheRecordAfterIt_GoWhole()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a", state: Calls3)]);
        await edge.Upstream.PumpAsync();
        await edge.Heap.WriteAsync([Writes.Tombstone("a")]);
        await edge.Upstream.PumpAsync();
        await edge.Heap.WriteAsync([Writes.Online("a", state: Calls4)]);

        await edge.Upstream.PumpAsync();

        Assert.All(edge.Transport.WireBatches.SelectMany(b => b.Records), r => Assert.Null(r.Base));
        Assert.True(edge.Transport.WireBatches[1].Records.Single().Deleted);
    }

    [Fact]
    public async Task PumpAsync_ParentChangedSinceTheAcknowledgedRecord_GoesWhole()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a", parent: "p", state: Calls3)]);
        await edge.Upstream.PumpAsync();
        await edge.Heap.WriteAsync([Writes.Online("a", parent: "q", state: Calls4)]);

        await edge.Upstream.PumpAsync();

        var moved = edge.Transport.WireBatches[1].Records.Single();
        Assert.Equal((null, "q", Calls4, "device"), (moved.Base, moved.ParentId, moved.State, moved.Kind));
    }

    [Fact]
    public async Task PumpAsync_AfterARestart_SendsWholeRecords()
    {
        await using (var before = await EdgeHarness.StartAsync(_dir.Path, _time))
        {
            await before.Heap.WriteAsync([Writes.Online("a", state: Calls3)]);
            await before.Upstream.PumpAsync();
        }

        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a", state: Calls4)]);

        await edge.Upstream.PumpAsync();

        var record = edge.Transport.WireBatches.SelectMany(b => b.Records).Single(r => r.Seq == 2);
        Assert.Equal((null, Calls4, "device"), (record.Base, record.State, record.Kind));
    }
}
