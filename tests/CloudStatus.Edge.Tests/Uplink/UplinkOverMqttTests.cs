using CloudStatus.Core.Wire;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Tests.IotHub;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Edge.Uplink;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MQTTnet.Protocol;
using Eventually = CloudStatus.Edge.Tests.Support.Eventually;

namespace CloudStatus.Edge.Tests.Uplink;

/// <summary>
/// The local system manager over the real MQTT transport and the scripted edgeHub: the heap is the buffer, lastSent
/// moves only on PUBACK, so a broker outage or a lost acknowledgement loses nothing.
/// </summary>
public sealed class UplinkOverMqttTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private ScriptedEdgeHub _hub = null!;
    private RunningTransport _running = null!;
    private StatusHeap _heap = null!;
    private SqliteHeapMirror _mirror = null!;
    private EdgeMetrics _metrics = null!;
    private UplinkPump _upstream = null!;

    public async Task InitializeAsync()
    {
        _hub = await ScriptedEdgeHub.StartNewAsync();
        _running = await RunningTransport.StartAsync(_hub, configure: o => o.OperationTimeout = TimeSpan.FromMilliseconds(500));
        (_heap, _mirror) = await Writes.OpenHeapAsync(_dir.Path, _time);
        _metrics = new EdgeMetrics("srv-01");
        _upstream = new UplinkPump(
            _heap,
            _running.Transport,
            new ConnectivityTracker(),
            new UplinkOptions { TenantId = "t-1", SiteId = "site-1", ServerId = "srv-01" },
            _time,
            NullLogger<UplinkPump>.Instance,
            _metrics);
    }

    public async Task DisposeAsync()
    {
        _upstream.Dispose();
        _metrics.Dispose();
        await _mirror.DisposeAsync();
        await _running.DisposeAsync();
        await _hub.DisposeAsync();
        _dir.Dispose();
    }

    private List<StatusBatch> ReceivedBatches() => [.. _hub.Events.Select(e =>
    {
        Assert.True(IotHubTopics.TryParseDeviceToCloud(e.Topic, out var topic));
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, e.QualityOfService);
        Assert.Equal(("application/json", "cloudstatus.batch/v1"), (topic.ContentType, topic.ApplicationProperties["csSchema"]));
        Assert.False(string.IsNullOrEmpty(topic.MessageId));
        return BatchCodec.Decode(e.Payload, topic.ContentEncoding);
    })];

    [Fact]
    public async Task PumpAsync_BrokerDownThenRestarted_EveryRecordArrivesInOrder()
    {
        await _heap.WriteAsync([Writes.Online("a"), Writes.Online("b")]);
        Assert.Equal(PumpResult.Sent, await _upstream.PumpAsync());

        await _hub.StopAsync();
        await Eventually.TrueAsync(() => !_running.Transport.IsConnected, "the transport noticed the broker went down");
        await _heap.WriteAsync([Writes.Online("c")]);
        await _heap.WriteAsync([Writes.Online("a", state: """{"x":1}""")]);
        Assert.Equal(PumpResult.Failed, await _upstream.PumpAsync());
        Assert.Equal(2, _heap.LastSent);

        await _hub.StartAsync();
        await Eventually.TrueAsync(() => _running.Transport.IsConnected, "the transport reconnected");
        Assert.Equal(PumpResult.Sent, await _upstream.PumpAsync());

        var batches = ReceivedBatches();
        Assert.Equal([(1L, 2L), (3L, 4L)], batches.Select(b => (b.SeqFrom, b.SeqTo)));
        Assert.Equal(["a", "b", "c", "a"], batches.SelectMany(b => b.Records).Select(r => r.ProducerId));
        Assert.Equal(4, _heap.LastSent);
    }

    [Fact]
    public async Task PumpAsync_PubackNeverArrives_LastSentStaysAndTheBatchIsSentAgain()
    {
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _hub.BeforeAck = () => hold.Task;
        await _heap.WriteAsync([Writes.Online("a"), Writes.Online("b")]);

        Assert.Equal(PumpResult.Failed, await _upstream.PumpAsync());
        Assert.Equal(0, _heap.LastSent);

        _hub.BeforeAck = () => Task.CompletedTask;
        hold.SetResult();
        // The timed-out publish may make the transport drop and re-open its connection; a pump during that window
        // fails like any pump while the broker is away, and the next one sends the same range again.
        var pumps = 0;
        while (await _upstream.PumpAsync() != PumpResult.Sent)
        {
            Assert.True(++pumps < 50, "the batch was never acknowledged after the broker answered again");
            await Eventually.TrueAsync(() => _running.Transport.IsConnected, "the transport is connected");
        }

        // At least once: each unacknowledged publish may have reached the hub too; central drops duplicates by seq.
        var batches = ReceivedBatches();
        Assert.InRange(batches.Count, 2, 2 + pumps);
        Assert.All(batches, b => Assert.Equal((1L, 2L), (b.SeqFrom, b.SeqTo)));
        Assert.Equal(2, _heap.LastSent);
    }
}
