using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Intake;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Intake;

public sealed class HeapWriterTests : IDisposable
{
    private const string Sw = "srv-01.sw-01";
    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task RunPeriodicWriteAsync_WritesOnlyProducersThatChanged()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, new EventRuleOptions { Add = false });
        edge.Post("d1", ProducerKind.Device, null, state: """{"calls":0}""");
        edge.Post("d2", ProducerKind.Device, null, state: """{"calls":0}""");
        Assert.Equal(2, await edge.Management.RunPeriodicWriteAsync());

        edge.Post("d1", ProducerKind.Device, null, state: """{"calls":0}""");
        edge.Post("d2", ProducerKind.Device, null, state: """{"calls":1}""");
        edge.Post("d2", ProducerKind.Device, null, state: """{"calls":2}""");

        Assert.Equal(0, await edge.Management.RunAsyncWritesAsync());
        Assert.Equal(1, await edge.Management.RunPeriodicWriteAsync());
        Assert.Equal(3, edge.Heap.MaxSeq);
        Assert.Equal("""{"calls":2}""", edge.Heap.Get("d2")!.State);
        Assert.Null(edge.Heap.Get("d2")!.Event);
        Assert.Equal(0, await edge.Management.RunPeriodicWriteAsync());
    }

    [Fact]
    public async Task Post_NewProducer_WrittenAsyncWithEventAdd()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);

        edge.Post(Sw, ProducerKind.Switch, "srv-01");
        edge.Post(Sw + ".dev-001", ProducerKind.Device, Sw);

        Assert.Equal(2, await edge.Management.RunAsyncWritesAsync());
        Assert.All(edge.Heap.Records(), r => Assert.Equal(RecordEvents.Add, r.Event));
    }

    [Fact]
    public async Task RunAsyncWritesAsync_RebootsOfTwoSwitches_OneCoalescedWriteWithEventReboot()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.SeedSwitchAsync("srv-01.sw-01");
        await edge.SeedSwitchAsync("srv-01.sw-02");
        var before = edge.Heap.MaxSeq;
        var writes = 0;
        edge.Heap.Written += () => writes++;

        edge.Post("srv-01.sw-01", ProducerKind.Switch, "srv-01", state: """{"bootCount":2}""", evt: RecordEvents.Reboot);
        edge.Post("srv-01.sw-02", ProducerKind.Switch, "srv-01", state: """{"bootCount":2}""", evt: RecordEvents.Reboot);
        Assert.Equal(2, await edge.Management.RunAsyncWritesAsync());

        Assert.Equal(1, writes);
        Assert.Equal(before + 2, edge.Heap.MaxSeq);
        Assert.Equal(RecordEvents.Reboot, edge.Heap.Get("srv-01.sw-01")!.Event);
        Assert.Equal(RecordEvents.Reboot, edge.Heap.Get("srv-01.sw-02")!.Event);
    }

    [Fact]
    public async Task Post_HealthChange_AsyncForSwitchPeriodicForDevice()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.SeedSwitchAsync(Sw, devices: 1);

        edge.Post(Sw, ProducerKind.Switch, "srv-01", Health.Degraded);
        edge.Post(Sw + ".dev-001", ProducerKind.Device, Sw, Health.Offline);

        Assert.Equal(1, await edge.Management.RunAsyncWritesAsync());
        Assert.Equal((Health.Degraded, RecordEvents.HealthChange), (edge.Heap.Get(Sw)!.Health, edge.Heap.Get(Sw)!.Event));
        Assert.Equal(Health.Online, edge.Heap.Get(Sw + ".dev-001")!.Health);
        Assert.Equal(1, await edge.Management.RunPeriodicWriteAsync());
        Assert.Equal((Health.Offline, (string?)null), (edge.Heap.Get(Sw + ".dev-001")!.Health, edge.Heap.Get(Sw + ".dev-001")!.Event));
    }

    [Fact]
    public async Task CheckSilenceAsync_SwitchSilentPastTimeout_ItAndDescendantsOfflineAndSilent()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, new EventRuleOptions { SilenceTimeout = TimeSpan.FromSeconds(90) });
        await edge.SeedSwitchAsync(Sw, devices: 2);

        _time.Advance(TimeSpan.FromSeconds(89));
        Assert.Equal(0, await edge.Management.CheckSilenceAsync());
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(3, await edge.Management.CheckSilenceAsync());

        foreach (var id in new[] { Sw, Sw + ".dev-001", Sw + ".dev-002" })
        {
            var record = edge.Heap.Get(id)!;
            Assert.Equal((Health.Offline, true, RecordEvents.Silent), (record.Health, record.Silent, record.Event));
        }

        Assert.Equal(0, await edge.Management.CheckSilenceAsync());
        Assert.Equal(0, await edge.Management.RunPeriodicWriteAsync());
    }

    [Fact]
    public async Task Post_SilentSwitchHeardAgain_BackWithReportedHealthAndChildrenRestored()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.SeedSwitchAsync(Sw, devices: 2);
        edge.Post(Sw + ".dev-002", ProducerKind.Device, Sw, Health.Degraded);
        await edge.Management.RunPeriodicWriteAsync();
        _time.Advance(TimeSpan.FromSeconds(91));
        await edge.Management.CheckSilenceAsync();

        edge.Post(Sw, ProducerKind.Switch, "srv-01");
        Assert.Equal(3, await edge.Management.RunAsyncWritesAsync());

        Assert.Equal((Health.Online, false), (edge.Heap.Get(Sw)!.Health, edge.Heap.Get(Sw)!.Silent));
        Assert.Equal((Health.Online, false), (edge.Heap.Get(Sw + ".dev-001")!.Health, edge.Heap.Get(Sw + ".dev-001")!.Silent));
        Assert.Equal((Health.Degraded, false), (edge.Heap.Get(Sw + ".dev-002")!.Health, edge.Heap.Get(Sw + ".dev-002")!.Silent));
    }

    [Fact]
    public async Task Post_DeviceOfSilentSwitchChanges_StaysOfflineAndSilent()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.SeedSwitchAsync(Sw, devices: 1);
        _time.Advance(TimeSpan.FromSeconds(91));
        await edge.Management.CheckSilenceAsync();

        edge.Post(Sw + ".dev-001", ProducerKind.Device, Sw, Health.Online, state: """{"calls":3}""");
        await edge.Management.RunPeriodicWriteAsync();

        var device = edge.Heap.Get(Sw + ".dev-001")!;
        Assert.Equal((Health.Offline, true), (device.Health, device.Silent));
    }

    [Fact]
    public async Task Post_RapidFlaps_SuppressedAndReportedAsFlapping()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, new EventRuleOptions { FlappingKinds = [ProducerKind.Device] });
        await edge.SeedSwitchAsync(Sw, devices: 1);
        var device = Sw + ".dev-001";
        var before = edge.Heap.MaxSeq;

        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            edge.Post(device, ProducerKind.Device, Sw, i % 2 == 0 ? Health.Offline : Health.Online);
        }

        await edge.Management.RunAsyncWritesAsync();
        await edge.Management.RunPeriodicWriteAsync();

        var record = edge.Heap.Get(device)!;
        Assert.True(record.Flapping);
        Assert.True(edge.Heap.MaxSeq - before <= 2, $"10 flaps gave {edge.Heap.MaxSeq - before} writes");

        // Quiet for longer than the window: the producer stops flapping without having to report again.
        _time.Advance(TimeSpan.FromSeconds(120));
        await edge.Management.RunPeriodicWriteAsync();
        await edge.Management.RunAsyncWritesAsync();
        record = edge.Heap.Get(device)!;
        Assert.False(record.Flapping);
        Assert.Equal(RecordEvents.Flapping, record.Event);
    }

    [Fact]
    public async Task Post_DeviceFlappingByDefault_TravelsWithThePeriodicWriteNotAsync()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.SeedSwitchAsync(Sw, devices: 1);
        var device = Sw + ".dev-001";

        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            edge.Post(device, ProducerKind.Device, Sw, i % 2 == 0 ? Health.Offline : Health.Online);
        }

        Assert.Equal(0, await edge.Management.RunAsyncWritesAsync());
        Assert.Equal(1, await edge.Management.RunPeriodicWriteAsync());
        Assert.True(edge.Heap.Get(device)!.Flapping);
    }

    [Fact]
    public async Task Post_TrunkFlappingByDefault_IsWrittenAtOnce()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.SeedSwitchAsync(Sw, devices: 0);
        var trunk = Sw + ".trunk-1";
        edge.Post(trunk, ProducerKind.Trunk, Sw);
        await edge.Management.RunAsyncWritesAsync();

        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            edge.Post(trunk, ProducerKind.Trunk, Sw, i % 2 == 0 ? Health.Offline : Health.Online);
        }

        await edge.Management.RunAsyncWritesAsync();
        Assert.True(edge.Heap.Get(trunk)!.Flapping);
        Assert.Equal(RecordEvents.Flapping, edge.Heap.Get(trunk)!.Event);
    }

    [Fact]
    public async Task Post_DeleteEvent_CascadesTombstonesAndForgetsTheProducers()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.SeedSwitchAsync(Sw, devices: 2);
        await edge.SeedSwitchAsync("srv-01.sw-02", devices: 1);

        edge.Post(Sw, ProducerKind.Switch, "srv-01", evt: RecordEvents.Delete);
        Assert.Equal(3, await edge.Management.RunAsyncWritesAsync());

        var deleted = edge.Heap.Records().Where(r => r.Deleted).ToList();
        Assert.Equal(Sw, deleted[0].ProducerId);
        Assert.Equal([Sw, Sw + ".dev-001", Sw + ".dev-002"], deleted.Select(r => r.ProducerId).Order(StringComparer.Ordinal));
        Assert.All(deleted, r => Assert.Equal(RecordEvents.Delete, r.Event));
        Assert.Equal(2, edge.Heap.LiveCount);
        Assert.False(edge.Buffer.TryGet(Sw + ".dev-001", out _));
    }

    [Fact]
    public async Task DeleteAsync_UnknownProducer_False()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);

        Assert.False(await edge.Management.DeleteAsync("srv-01.nothing"));
        Assert.Equal(0, edge.Heap.MaxSeq);
    }

    [Fact]
    public async Task AddAsync_ProducerNotYetSeen_AppliedWithConfigWhenItShowsUp()
    {
        var control = new RecordingProducerControl();
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, control: control);

        var outcome = await edge.Management.AddAsync(new PendingAdd("srv-01.sw-09", ProducerKind.Switch, "srv-01", """{"vlan":9}"""));
        Assert.Equal(AddOutcome.Pending, outcome.Outcome);
        Assert.Null(edge.Heap.Get("srv-01.sw-09"));

        edge.Post("srv-01.sw-09", ProducerKind.Switch, "srv-01");
        await edge.Management.RunAsyncWritesAsync();

        var record = edge.Heap.Get("srv-01.sw-09")!;
        Assert.Equal(("""{"vlan":9}""", RecordEvents.Add), (record.Config, record.Event));
        Assert.Equal([("config", "srv-01.sw-09", (string?)"""{"vlan":9}""")], control.Calls);
    }

    [Fact]
    public async Task AddAsync_KnownProducer_WritesAndPushesTheConfigNow()
    {
        var control = new RecordingProducerControl();
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, control: control);
        await edge.SeedSwitchAsync(Sw, devices: 0);

        Assert.Equal(AddOutcome.Applied, (await edge.Management.AddAsync(new PendingAdd(Sw, ProducerKind.Switch, "srv-01", """{"vlan":2}"""))).Outcome);

        Assert.Equal(("""{"vlan":2}""", RecordEvents.Add), (edge.Heap.Get(Sw)!.Config, edge.Heap.Get(Sw)!.Event));
        Assert.Single(control.Calls);
        edge.Post(Sw, ProducerKind.Switch, "srv-01");
        Assert.Equal(0, await edge.Management.RunPeriodicWriteAsync()); // the buffer keeps the new config
    }

    [Fact]
    public async Task SeedFromHeap_RestoredSwitchNeverHeardAgain_GoesSilent()
    {
        await using (var first = await EdgeHarness.StartAsync(_dir.Path, _time))
        {
            await first.SeedSwitchAsync(Sw, devices: 1);
        }

        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        _time.Advance(TimeSpan.FromSeconds(91));

        Assert.Equal(2, await edge.Management.CheckSilenceAsync());
        Assert.True(edge.Heap.Get(Sw + ".dev-001")!.Silent);
    }
}
