using CloudStatus.Core.Model;
using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Simulation;
using CloudStatus.Edge.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Simulation;

public sealed class FleetSimulatorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void PublishAll_BuildsTheHierarchyWithStableIds()
    {
        var intake = new RecordingIntake();
        using var sim = NewSimulator(intake, new FleetSimulatorOptions { Switches = 3, DevicesPerSwitch = 17 });

        sim.PublishAll();

        var ids = intake.Observations.Select(o => o.ProducerId).ToList();
        Assert.Equal(1 + 1 + (3 * (1 + 2 + 1 + 17)), ids.Count);
        Assert.Contains("srv-01.voicemail", ids);
        Assert.Contains("srv-01.sw-03.dev-017", ids);
        Assert.Contains("srv-01.sw-02.trunk-2", ids);
        var device = intake.Observations.Single(o => o.ProducerId == "srv-01.sw-03.dev-017");
        Assert.Equal((ProducerKind.Device, "srv-01.sw-03"), (device.Kind, device.ParentId));
        Assert.All(intake.Observations, o => Assert.True(ProducerId.IsValid(o.ProducerId)));
        Assert.Equal(3, intake.Connectivity.Count);
    }

    [Fact]
    public void Tick_SameSeedSameTicks_SameObservations()
    {
        var a = Run(seed: 42);
        var b = Run(seed: 42);
        var c = Run(seed: 43);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Tick_ChangeRateZero_OnlyRepeatsKeepalivesUnchanged()
    {
        var intake = new RecordingIntake();
        using var sim = NewSimulator(intake, new FleetSimulatorOptions { Switches = 2, DevicesPerSwitch = 5, ChangeRate = 0 });
        sim.PublishAll();
        var initial = intake.Observations.ToDictionary(o => o.ProducerId);
        intake.Clear();

        for (var i = 0; i < 30; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            sim.Tick(_time.GetUtcNow());
        }

        Assert.Empty(intake.Connectivity);
        Assert.All(intake.Observations, o => Assert.Equal(initial[o.ProducerId], o));
        Assert.All(intake.Observations, o => Assert.Contains(o.Kind, new[] { ProducerKind.Switch, ProducerKind.LocalService, ProducerKind.Server }));
        Assert.Equal(30 * (2 + 1 + 1), intake.Observations.Count);
    }

    [Fact]
    public void Tick_ChangeRate_ChangesAboutThatShareOfProducersPerMinute()
    {
        var intake = new RecordingIntake();
        using var sim = NewSimulator(intake, new FleetSimulatorOptions
        {
            Switches = 4, DevicesPerSwitch = 46, ChangeRate = 0.1, FlappingShare = 0, LinkChangeShare = 0,
        });
        sim.PublishAll();
        intake.Clear();

        sim.Tick(_time.GetUtcNow());
        _time.Advance(TimeSpan.FromMinutes(1));
        sim.Tick(_time.GetUtcNow());

        // 4 × (46 devices + 2 trunks + 1 fan) = 196 changeable producers; 10 % of them per minute.
        var changes = intake.Observations.Count(o => o.Kind is not (ProducerKind.Switch or ProducerKind.LocalService or ProducerKind.Server));
        Assert.Equal(19, changes);
    }

    [Fact]
    public async Task RebootAsync_Switch_OfflineAtOnceThenBackWithRebootEventAfterTheDuration()
    {
        var intake = new RecordingIntake();
        using var sim = NewSimulator(intake, new FleetSimulatorOptions { Switches = 1, DevicesPerSwitch = 1, RebootDuration = TimeSpan.FromSeconds(2) });
        sim.PublishAll();
        intake.Clear();

        Assert.Equal(ProducerControlResult.Accepted, await sim.RebootAsync("srv-01.sw-01"));
        Assert.Equal(Health.Offline, intake.Observations.Single().Health);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(intake.Observations);
        _time.Advance(TimeSpan.FromSeconds(1));

        var back = intake.Observations[^1];
        Assert.Equal((Health.Online, ObservationEvents.Reboot), (back.Health, back.Event));
        Assert.Contains("\"bootCount\":2", back.State, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RebootAsync_DeviceOrUnknown_NotSupportedOrUnknown()
    {
        using var sim = NewSimulator(new RecordingIntake(), new FleetSimulatorOptions { Switches = 1, DevicesPerSwitch = 1 });

        Assert.Equal(ProducerControlResult.NotSupported, await sim.RebootAsync("srv-01.sw-01.dev-001"));
        Assert.Equal(ProducerControlResult.UnknownProducer, await sim.RebootAsync("srv-01.sw-99"));
    }

    [Fact]
    public async Task RemoveAsync_Switch_StopsReportingItAndItsChildren()
    {
        var intake = new RecordingIntake();
        using var sim = NewSimulator(intake, new FleetSimulatorOptions { Switches = 2, DevicesPerSwitch = 2, ChangeRate = 0 });

        Assert.Equal(ProducerControlResult.Accepted, await sim.RemoveAsync("srv-01.sw-01"));
        sim.PublishAll();

        Assert.DoesNotContain(intake.Observations, o => o.ProducerId.StartsWith("srv-01.sw-01", StringComparison.Ordinal));
        Assert.Contains(intake.Observations, o => o.ProducerId == "srv-01.sw-02.dev-002");
    }

    [Fact]
    public void SetHealth_KnownProducer_PostsTheNewHealth()
    {
        var intake = new RecordingIntake();
        using var sim = NewSimulator(intake, new FleetSimulatorOptions { Switches = 1, DevicesPerSwitch = 1 });

        Assert.True(sim.SetHealth("srv-01.sw-01.fan", Health.Degraded));
        Assert.False(sim.SetHealth("nope", Health.Degraded));

        Assert.Equal(("srv-01.sw-01.fan", Health.Degraded), (intake.Observations.Single().ProducerId, intake.Observations.Single().Health));
    }

    private List<string> Run(int seed)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var intake = new RecordingIntake();
        using var sim = new FleetSimulator(
            "srv-01", new FleetSimulatorOptions { Switches = 4, DevicesPerSwitch = 20, ChangeRate = 0.5, Seed = seed, LinkChangeShare = 0.2 },
            intake, time, NullLogger<FleetSimulator>.Instance);
        sim.PublishAll();
        for (var i = 0; i < 20; i++)
        {
            time.Advance(TimeSpan.FromSeconds(7));
            sim.Tick(time.GetUtcNow());
        }

        return
        [
            .. intake.Observations.Select(o => $"{o.ProducerId}|{o.Health}|{o.State}|{o.Event}"),
            .. intake.Connectivity.Select(c => $"{c.SwitchId}:{string.Join(',', c.Reachable.Order(StringComparer.Ordinal))}"),
        ];
    }

    private FleetSimulator NewSimulator(IObservationIntake intake, FleetSimulatorOptions options) =>
        new("srv-01", options, intake, _time, NullLogger<FleetSimulator>.Instance);
}
