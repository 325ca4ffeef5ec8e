using System.Text;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Hosting;

/// <summary>
/// The composed node with its real loops. The clock is fake (periodic loops only tick when the test advances it);
/// the signal-driven loops (async writes, upstream pump) run on their own, so tests wait for their results.
/// </summary>
public sealed class EdgeNodeTests : IDisposable
{
    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly FakeUpstreamTransport _transport = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task StartAsync_WithSimulatedEquipment_PopulationGoesUpAsyncAtOnce()
    {
        await using var sim = NewNode();
        var node = sim.Node;

        await sim.StartAsync();

        var expected = sim.Equipment.ProducerIds.Count;
        await Eventually.TrueAsync(() => node.Heap.LastSent == expected && node.Heap.MaxSeq == expected, "the population was sent");
        Assert.All(_transport.Batches, b => Assert.Equal(BatchKind.Async, b.Kind));
        Assert.Equal(expected, _transport.Batches.Sum(b => b.Records.Count));
    }

    [Fact]
    public async Task StartAsync_AfterStop_ResumesEpochAndSequenceWithoutRewriting()
    {
        await using var sim = NewNode();
        var node = sim.Node;
        await sim.StartAsync();
        var population = sim.Equipment.ProducerIds.Count;
        await Eventually.TrueAsync(() => node.Heap.LastSent == population, "the population was sent");
        var epoch = node.Heap.Epoch;
        await node.StopAsync();
        Assert.False(node.IsRunning);

        await sim.StartAsync();
        var reboot = await node.CommandHandler.HandleAsync("reboot", Encoding.UTF8.GetBytes("""{"commandId":"c","producerId":"srv-01.sw-01"}"""));
        Assert.Equal(200, reboot.Status);
        await Eventually.TrueAsync(() => node.Heap.MaxSeq == population + 1, "the switch went offline");
        _time.Advance(TimeSpan.FromSeconds(1));
        sim.Fleet.Step(1);

        await Eventually.TrueAsync(() => node.Heap.LastSent == population + 2, "the reboot was sent");
        Assert.Equal(epoch, node.Heap.Epoch);
        var record = node.Heap.Get("srv-01.sw-01")!;
        Assert.Equal((population + 2L, RecordEvents.Reboot), (record.Seq, record.Event));
    }

    [Fact]
    public async Task CommandHandler_WhileStopped_503()
    {
        await using var sim = NewNode();
        var node = sim.Node;

        var response = await node.CommandHandler.HandleAsync("resync", Encoding.UTF8.GetBytes("""{"fromSeq":0}"""));

        Assert.Equal(503, response.Status);
    }

    [Fact]
    public async Task DisposeAsync_AfterRunning_ReleasesTheHeapFile()
    {
        var sim = NewNode();
        await sim.StartAsync();
        await Eventually.TrueAsync(() => sim.Node.Heap.LastSent > 0, "the population was sent");

        await sim.DisposeAsync();

        Directory.Delete(_dir.Sub("srv-01"), recursive: true);
        Assert.False(Directory.Exists(_dir.Sub("srv-01")));
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var options = new EdgeNodeOptions { TenantId = "", SiteId = "s", ServerId = "bad id", DataDirectory = "", Period = TimeSpan.Zero };

        var ex = Assert.Throws<ArgumentException>(() => new EdgeNode(options, _transport, _time, NullLoggerFactory.Instance));

        Assert.Contains("TenantId", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ServerId", ex.Message, StringComparison.Ordinal);
        Assert.Contains("DataDirectory", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Period", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReconfigureAsync_Running_RestartsWithTheNewOptionsAndKeepsTheHeap()
    {
        await using var sim = NewNode();
        var node = sim.Node;
        await sim.StartAsync();
        var population = sim.Equipment.ProducerIds.Count;
        await Eventually.TrueAsync(() => node.Heap.LastSent == population, "the population was sent");
        var epoch = node.Heap.Epoch;
        var options = node.Options.Clone();
        options.Period = TimeSpan.FromSeconds(5);

        await node.ReconfigureAsync(options);

        Assert.True(node.IsRunning);
        Assert.Same(options, node.Options);
        Assert.Equal((epoch, population), (node.Heap.Epoch, node.Heap.LastSent));
    }

    [Fact]
    public async Task ReconfigureAsync_IdentityOrInvalidOptions_Refused()
    {
        await using var sim = NewNode();
        var node = sim.Node;
        var otherServer = node.Options.Clone();
        otherServer.ServerId = "srv-02";
        var invalid = node.Options.Clone();
        invalid.Chatter.Threshold = 0;

        await Assert.ThrowsAsync<ArgumentException>(() => node.ReconfigureAsync(otherServer));
        await Assert.ThrowsAsync<ArgumentException>(() => node.ReconfigureAsync(invalid));
        Assert.Equal(4, node.Options.Chatter.Threshold);
    }

    private FleetNode NewNode() => new(
        new EdgeNodeOptions
        {
            TenantId = "t-1",
            SiteId = "site-1",
            ServerId = "srv-01",
            DataDirectory = _dir.Sub("srv-01"),
        },
        _transport,
        _time);
}
