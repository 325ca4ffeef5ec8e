using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Edge.Uplink;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Uplink;

public sealed class UplinkPumpTests : IDisposable
{
    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task PumpAsync_SendsOnlyRecordsAboveLastSent()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a"), Writes.Online("b"), Writes.Online("c")]);

        Assert.Equal(PumpResult.Sent, await edge.Upstream.PumpAsync());
        await edge.Heap.WriteAsync([Writes.Online("b", state: """{"x":1}""")]);
        Assert.Equal(PumpResult.Sent, await edge.Upstream.PumpAsync());
        Assert.Equal(PumpResult.Idle, await edge.Upstream.PumpAsync());

        var batches = edge.Transport.Batches;
        Assert.Equal(2, batches.Count);
        Assert.Equal((BatchKind.Periodic, 1L, 3L, 3), (batches[0].Kind, batches[0].SeqFrom, batches[0].SeqTo, batches[0].Records.Count));
        Assert.Equal((BatchKind.Periodic, 4L, 4L), (batches[1].Kind, batches[1].SeqFrom, batches[1].SeqTo));
        Assert.Equal(["b"], batches[1].Records.Select(r => r.ProducerId));
        Assert.Equal(4, edge.Heap.LastSent);
    }

    [Fact]
    public async Task PumpAsync_Message_CarriesTheEnvelopeTheHubRoutesOn()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a")]);

        await edge.Upstream.PumpAsync();

        var message = Assert.Single(edge.Transport.Messages);
        var batch = BatchCodec.Decode(message.Body, message.ContentEncoding);
        Assert.Equal(WireConstants.JsonContentType, message.ContentType);
        Assert.Equal(WireConstants.GzipEncoding, message.ContentEncoding);
        Assert.Equal($"srv-01:{edge.Heap.Epoch}:Periodic:1-1", message.MessageId);
        Assert.Equal(WireConstants.SchemaV1, message.Properties[WireConstants.SchemaProperty]);
        Assert.Equal("periodic", message.Properties[WireConstants.KindProperty]);
        Assert.Equal(("t-1", "site-1", "srv-01", edge.Heap.Epoch), (batch.TenantId, batch.SiteId, batch.ServerId, batch.Epoch));
        Assert.Equal(_time.GetUtcNow(), batch.SentAt);
    }

    [Fact]
    public async Task PumpAsync_GzipOff_PlainJsonWithoutContentEncoding()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, gzip: false);
        await edge.Heap.WriteAsync([Writes.Online("a")]);

        await edge.Upstream.PumpAsync();

        var message = Assert.Single(edge.Transport.Messages);
        Assert.Null(message.ContentEncoding);
        Assert.Equal((byte)'{', message.Body[0]);
    }

    [Fact]
    public async Task RunHeartbeatTickAsync_Idle_SendsHeartbeatWithTheDigest()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a"), Writes.Online("b")]);
        await edge.Upstream.PumpAsync();

        Assert.False(await edge.Upstream.RunHeartbeatTickAsync()); // a batch went up in this interval
        Assert.True(await edge.Upstream.RunHeartbeatTickAsync());

        var heartbeat = edge.Transport.Batches[^1];
        Assert.Equal((BatchKind.Heartbeat, 2L, 2L), (heartbeat.Kind, heartbeat.SeqFrom, heartbeat.SeqTo));
        Assert.Empty(heartbeat.Records);
        Assert.Equal(edge.Heap.Digest, heartbeat.Digest);
        Assert.Equal("heartbeat", edge.Transport.Messages[^1].Properties[WireConstants.KindProperty]);
    }

    [Fact]
    public async Task RunHeartbeatTickAsync_TransportDown_NoHeartbeatAndStateKept()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a")]);
        edge.Transport.Online = false;

        Assert.False(await edge.Upstream.RunHeartbeatTickAsync());

        Assert.Empty(edge.Transport.Messages);
        Assert.Equal(0, edge.Heap.LastSent);
    }

    [Fact]
    public async Task PumpAsync_AfterOutage_AsyncRecordsGoAheadOfTheBacklog()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        edge.Transport.Online = false;
        await edge.Heap.WriteAsync([Writes.Online("d1"), Writes.Online("d2"), Writes.Online("d3")]);
        await edge.Heap.WriteAsync([Writes.Online("sw", ProducerKind.Switch) with { Event = RecordEvents.Reboot }]);
        Assert.Equal(PumpResult.Failed, await edge.Upstream.PumpAsync());

        edge.Transport.Online = true;
        Assert.Equal(PumpResult.Sent, await edge.Upstream.PumpAsync());

        var batches = edge.Transport.Batches;
        Assert.Equal(2, batches.Count);
        Assert.Equal((BatchKind.Async, 4L, 4L), (batches[0].Kind, batches[0].SeqFrom, batches[0].SeqTo));
        Assert.Equal(["sw"], batches[0].Records.Select(r => r.ProducerId));
        Assert.Equal((BatchKind.Periodic, 1L, 4L, 4), (batches[1].Kind, batches[1].SeqFrom, batches[1].SeqTo, batches[1].Records.Count));
        Assert.Equal(4, edge.Heap.LastSent);
    }

    [Fact]
    public async Task PumpAsync_OnlyAsyncPending_OneAsyncBatchThatMovesLastSent()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("sw", ProducerKind.Switch) with { Event = RecordEvents.Reboot }]);

        await edge.Upstream.PumpAsync();

        var batch = Assert.Single(edge.Transport.Batches);
        Assert.Equal((BatchKind.Async, 1L, 1L), (batch.Kind, batch.SeqFrom, batch.SeqTo));
        Assert.Equal(1, edge.Heap.LastSent);
    }

    [Fact]
    public async Task PumpAsync_RecordChangedFiveTimesWhileOffline_SentOnceWithItsLatestState()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a"), Writes.Online("b")]);
        await edge.Upstream.PumpAsync();
        edge.Transport.Clear();
        edge.Transport.Online = false;

        for (var i = 1; i <= 5; i++)
        {
            await edge.Heap.WriteAsync([Writes.Online("a", state: $$"""{"n":{{i}}}""")]);
            Assert.Equal(PumpResult.Failed, await edge.Upstream.PumpAsync());
        }

        edge.Transport.Online = true;
        await edge.Upstream.PumpAsync();

        var batch = Assert.Single(edge.Transport.Batches);
        Assert.Equal((3L, 7L), (batch.SeqFrom, batch.SeqTo));
        var record = Assert.Single(batch.Records);
        Assert.Equal(("a", 7L, """{"n":5}"""), (record.ProducerId, record.Seq, record.State));
    }

    [Fact]
    public async Task PumpAsync_LargeBacklog_SplitInOrderUnderTheLimit()
    {
        const int limit = 4096;
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, gzip: false, maxMessageBytes: limit);
        var padding = new string('x', 150);
        await edge.Heap.WriteAsync([.. Enumerable.Range(1, 60).Select(i => Writes.Online($"d{i:000}", state: $$"""{"pad":"{{padding}}"}"""))]);

        await edge.Upstream.PumpAsync();

        var messages = edge.Transport.Messages;
        var batches = edge.Transport.Batches;
        Assert.True(batches.Count > 1);
        Assert.All(messages, m => Assert.True(m.Body.Length <= limit));
        Assert.Equal(1, batches[0].SeqFrom);
        Assert.Equal(60, batches[^1].SeqTo);
        for (var i = 1; i < batches.Count; i++)
        {
            Assert.Equal(batches[i - 1].SeqTo + 1, batches[i].SeqFrom);
        }

        Assert.Equal(60, batches.Sum(b => b.Records.Count));
        Assert.Equal(60, edge.Heap.LastSent);
    }

    [Fact]
    public async Task PumpAsync_TransportFailsMidSplit_LastSentCoversOnlyAcknowledgedChunks()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, gzip: false, maxMessageBytes: 4096);
        var padding = new string('x', 150);
        await edge.Heap.WriteAsync([.. Enumerable.Range(1, 60).Select(i => Writes.Online($"d{i:000}", state: $$"""{"pad":"{{padding}}"}"""))]);
        edge.Transport.GoOfflineAfter(1);

        Assert.Equal(PumpResult.Failed, await edge.Upstream.PumpAsync());

        var first = Assert.Single(edge.Transport.Batches);
        Assert.Equal(first.SeqTo, edge.Heap.LastSent);
        edge.Transport.Online = true;
        await edge.Upstream.PumpAsync();
        Assert.Equal(first.SeqTo + 1, edge.Transport.Batches[1].SeqFrom);
        Assert.Equal(60, edge.Heap.LastSent);
    }

    [Fact]
    public async Task RequestResync_FromZero_SendsEveryRecordAndRetainedTombstone()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a"), Writes.Online("b"), Writes.Online("c")]);
        await edge.Heap.WriteAsync([Writes.Tombstone("b")]);
        await edge.Upstream.PumpAsync();
        edge.Transport.Clear();

        edge.Upstream.RequestResync(0);
        Assert.Equal(PumpResult.Sent, await edge.Upstream.PumpAsync());

        var batch = Assert.Single(edge.Transport.Batches);
        Assert.Equal((BatchKind.Resync, 0L, 4L), (batch.Kind, batch.SeqFrom, batch.SeqTo));
        Assert.Equal(["a", "c", "b"], batch.Records.Select(r => r.ProducerId));
        Assert.True(batch.Records[^1].Deleted);
        Assert.Equal(PumpResult.Idle, await edge.Upstream.PumpAsync());
    }

    [Fact]
    public async Task RequestResync_FromSeq_SendsOnlyRecordsAtOrAboveIt()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a"), Writes.Online("b"), Writes.Online("c")]);
        await edge.Upstream.PumpAsync();
        edge.Transport.Clear();

        edge.Upstream.RequestResync(2);
        await edge.Upstream.PumpAsync();

        var batch = Assert.Single(edge.Transport.Batches);
        Assert.Equal((BatchKind.Resync, 2L, 3L), (batch.Kind, batch.SeqFrom, batch.SeqTo));
        Assert.Equal(["b", "c"], batch.Records.Select(r => r.ProducerId));
    }

    [Fact]
    public async Task PumpAsync_ConnectivityChanged_EntriesTravelOnceWithTheNextBatch()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        edge.Connectivity.Update("s1", new HashSet<string> { "s2" });
        edge.Connectivity.Update("s2", new HashSet<string> { "s1" });
        edge.Connectivity.Update("s3", new HashSet<string>());
        await edge.Heap.WriteAsync([Writes.Online("a")]);
        await edge.Upstream.PumpAsync();
        await edge.Heap.WriteAsync([Writes.Online("b")]);
        await edge.Upstream.PumpAsync();

        var batches = edge.Transport.Batches;
        Assert.Equal(["s1", "s2", "s3"], batches[0].Connectivity.Select(c => c.SwitchId).Order(StringComparer.Ordinal));
        Assert.Empty(batches[1].Connectivity);

        edge.Connectivity.Update("s3", new HashSet<string> { "s1" });
        Assert.True(await edge.Upstream.RunHeartbeatTickAsync()); // records went up this interval, but connectivity changed
        var last = edge.Transport.Batches[^1];
        Assert.Equal(BatchKind.Heartbeat, last.Kind);
        Assert.Equal(["s3"], last.Connectivity.Select(c => c.SwitchId));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(4, 16)]
    [InlineData(5, 30)]
    [InlineData(50, 30)]
    public void RetryDelay_DoublesUpToTheMaximum(int failures, int expectedSeconds)
    {
        var options = new UplinkOptions
        {
            TenantId = "t", SiteId = "s", ServerId = "srv",
            RetryInitialDelay = TimeSpan.FromSeconds(2), RetryMaxDelay = TimeSpan.FromSeconds(30),
        };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), options.RetryDelay(failures));
    }

    [Fact]
    public async Task Written_WakesThePump()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a")]);

        await edge.Upstream.Wake.WaitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
    }
}
