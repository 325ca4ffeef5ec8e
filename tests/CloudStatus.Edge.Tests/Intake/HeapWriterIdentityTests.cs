using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Intake;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Intake;

/// <summary>A producer's MAC and IP at the edge (heap, restart, written at once when they change) and adds matched by them (docs/adr/0080, 0175).</summary>
public sealed class HeapWriterIdentityTests : IDisposable
{
    private const string Mac = "02:00:5e:10:00:01";
    private const string Ip = "10.0.1.5";
    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Post_MacAndIp_WrittenToTheHeapAndKeptAcrossARestart()
    {
        await using (var first = await EdgeHarness.StartAsync(_dir.Path, _time))
        {
            Observe(first, "srv-01.sw-01", Mac, Ip);
            await first.Management.RunAsyncWritesAsync();
            Observe(first, "srv-01.sw-01", null, null); // not reported: the known addresses stay
            Assert.Equal(0, await first.Management.RunPeriodicWriteAsync());
        }

        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        var record = edge.Heap.Get("srv-01.sw-01")!;
        Assert.Equal((Mac, Ip), (record.Mac, record.Ip));

        Observe(edge, "srv-01.sw-01", Mac, "10.0.1.6");
        Assert.Equal(1, await edge.Management.RunAsyncWritesAsync()); // a MAC/IP change is written at once (docs/adr/0175)
        Assert.Equal("10.0.1.6", edge.Heap.Get("srv-01.sw-01")!.Ip);
    }

    [Fact]
    public async Task AddAsync_MatchByMac_ProducerWithAnotherIdAppearsWithIt_ConfiguredAndPushedToIt()
    {
        var control = new RecordingProducerControl();
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, control: control);

        var result = await edge.Management.AddAsync(new PendingAdd("srv-01.sw-new", ProducerKind.Switch, "srv-01", """{"vlan":7}""", Mac));
        Assert.Equal(AddOutcome.Pending, result.Outcome);
        Observe(edge, "srv-01.sw-other", "02:00:5e:10:00:02", null);
        Observe(edge, "srv-01.sw-slot-1", Mac, null);
        await edge.Management.RunAsyncWritesAsync();

        Assert.Equal(("""{"vlan":7}""", RecordEvents.Add), (edge.Heap.Get("srv-01.sw-slot-1")!.Config, edge.Heap.Get("srv-01.sw-slot-1")!.Event));
        Assert.Null(edge.Heap.Get("srv-01.sw-other")!.Config);
        Assert.Equal([("config", "srv-01.sw-slot-1", (string?)"""{"vlan":7}""")], control.Calls);
    }

    [Fact]
    public async Task AddAsync_MatchByIp_ProducerWhoseIpBecomesKnownLater_Configured()
    {
        var control = new RecordingProducerControl();
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, control: control);
        await edge.Management.AddAsync(new PendingAdd("srv-01.sw-new", ProducerKind.Switch, "srv-01", """{"vlan":8}""", Ip: Ip));

        Observe(edge, "srv-01.sw-slot-1", null, null); // first answer without its address
        await edge.Management.RunAsyncWritesAsync();
        Assert.Empty(control.Calls);
        Observe(edge, "srv-01.sw-slot-1", null, Ip);
        await edge.Management.RunAsyncWritesAsync();

        Assert.Equal("""{"vlan":8}""", edge.Heap.Get("srv-01.sw-slot-1")!.Config);
        Assert.Equal([("config", "srv-01.sw-slot-1", (string?)"""{"vlan":8}""")], control.Calls);
    }

    [Fact]
    public async Task AddAsync_MacOfAKnownProducer_AppliedToItNow()
    {
        var control = new RecordingProducerControl();
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, control: control);
        Observe(edge, "srv-01.sw-03", Mac, Ip);
        await edge.Management.RunAsyncWritesAsync();

        var result = await edge.Management.AddAsync(new PendingAdd("srv-01.sw-new", ProducerKind.Switch, "srv-01", """{"vlan":3}""", Mac));

        Assert.Equal((AddOutcome.Applied, "srv-01.sw-03"), (result.Outcome, result.ProducerId));
        Assert.Equal("""{"vlan":3}""", edge.Heap.Get("srv-01.sw-03")!.Config);
        Assert.Null(edge.Heap.Get("srv-01.sw-new"));
        Assert.Equal([("config", "srv-01.sw-03", (string?)"""{"vlan":3}""")], control.Calls);
    }

    [Fact]
    public async Task AddAsync_IpSharedByTwoKnownProducers_RefusedAsAmbiguousAndNothingApplied()
    {
        var control = new RecordingProducerControl();
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, control: control);
        Observe(edge, "srv-01.sw-01", "02:00:5e:10:00:01", Ip);
        Observe(edge, "srv-01.sw-02", "02:00:5e:10:00:02", Ip);
        await edge.Management.RunAsyncWritesAsync();

        var result = await edge.Management.AddAsync(new PendingAdd("srv-01.sw-new", ProducerKind.Switch, "srv-01", "{}", Ip: Ip));

        Assert.Equal(AddOutcome.Refused, result.Outcome);
        Assert.Contains("srv-01.sw-01, srv-01.sw-02", result.Detail, StringComparison.Ordinal);
        Assert.Empty(control.Calls);
    }

    [Fact]
    public async Task AddAsync_KnownIdButMacOfAnotherProducer_RefusedAsAmbiguous()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        Observe(edge, "srv-01.sw-01", "02:00:5e:10:00:01", null);
        Observe(edge, "srv-01.sw-02", "02:00:5e:10:00:02", null);
        await edge.Management.RunAsyncWritesAsync();

        var result = await edge.Management.AddAsync(new PendingAdd("srv-01.sw-01", ProducerKind.Switch, "srv-01", "{}", "02:00:5e:10:00:02"));

        Assert.Equal(AddOutcome.Refused, result.Outcome);
        Assert.Contains("'srv-01.sw-02'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddAsync_KnownProducerWhoseEquipmentDoesNotTakeIt_NotTakenWithWhyAndTheHeapKeepsIt()
    {
        var control = new RecordingProducerControl { Answer = ProducerControlResult.NotSupported };
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, control: control);
        Observe(edge, "srv-01.sw-03", Mac, null);
        await edge.Management.RunAsyncWritesAsync();

        var result = await edge.Management.AddAsync(new PendingAdd("srv-01.sw-03", ProducerKind.Switch, "srv-01", """{"vlan":4}"""));

        Assert.Equal((AddOutcome.NotTaken, "no adapter of this module can configure it"), (result.Outcome, result.Detail));
        Assert.Equal("""{"vlan":4}""", edge.Heap.Get("srv-01.sw-03")!.Config);
    }

    [Theory]
    [InlineData(ProducerKind.Switch)]
    [InlineData(ProducerKind.Device)]
    public async Task Post_KnownProducerChangesItsIp_WrittenAtOnceWithoutAnEvent(string kind)
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        edge.Buffer.Post(new Observation("srv-01.x-01", kind, "srv-01", Health.Online, "{}", null, null, Mac, Ip));
        await edge.Management.RunAsyncWritesAsync();

        edge.Buffer.Post(new Observation("srv-01.x-01", kind, "srv-01", Health.Online, "{}", null, null, Mac, "10.0.1.9"));

        Assert.Equal(1, await edge.Management.RunAsyncWritesAsync()); // docs/adr/0175: not held to the period
        var record = edge.Heap.Get("srv-01.x-01")!;
        Assert.Equal(("10.0.1.9", null), (record.Ip, record.Event));
        Assert.Equal(0, await edge.Management.RunPeriodicWriteAsync());
    }

    [Fact]
    public async Task Post_IpChangeWithTheRuleOff_HeldBackToThePeriod()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, rules: new EventRuleOptions { IdentityChange = false });
        Observe(edge, "srv-01.sw-01", Mac, Ip);
        await edge.Management.RunAsyncWritesAsync();

        Observe(edge, "srv-01.sw-01", Mac, "10.0.1.9");

        Assert.Equal(0, await edge.Management.RunAsyncWritesAsync());
        Assert.Equal(1, await edge.Management.RunPeriodicWriteAsync());
        Assert.Equal("10.0.1.9", edge.Heap.Get("srv-01.sw-01")!.Ip);
    }

    private static void Observe(EdgeHarness edge, string id, string? mac, string? ip) =>
        edge.Buffer.Post(new Observation(id, ProducerKind.Switch, "srv-01", Health.Online, "{}", null, null, mac, ip));
}
