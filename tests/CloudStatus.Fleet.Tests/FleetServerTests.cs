using CloudStatus.Core.Model;
using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Producers;
using CloudStatus.Fleet.Tests.Support;

namespace CloudStatus.Fleet.Tests;

/// <summary>One server's equipment as the dev stack uses it: appearance, links, control, health set by hand, plug-in.</summary>
public sealed class FleetServerTests
{
    /// <summary>No chance events and a report interval long enough that no periodic report lands in a short test.</summary>
    private static readonly FleetSpec Quiet = new()
    {
        Servers = 1,
        SwitchesPerServer = 2,
        DevicesPerSwitch = 2,
        ChangeRate = 0,
        RebootsPerSwitchHour = 0,
        DarkPerSwitchHour = 0,
        ReportInterval = TimeSpan.FromHours(1),
        RebootDuration = TimeSpan.FromSeconds(2),
    };

    private readonly RecordingOutput _output = new();
    private FleetModel? _model;

    [Fact]
    public void PublishAll_BuildsTheHierarchyWithStableIds()
    {
        var server = NewServer(Quiet with { SwitchesPerServer = 3, DevicesPerSwitch = 17, ReportConnectivity = true });

        server.PublishAll();

        var ids = _output.Observations.Select(o => o.ProducerId).ToList();
        Assert.Equal(1 + 1 + (3 * (1 + 2 + 1 + 17)), ids.Count);
        Assert.Contains("srv-01.voicemail", ids);
        Assert.Contains("srv-01.sw-03.dev-017", ids);
        Assert.Contains("srv-01.sw-02.trunk-2", ids);
        var device = _output.Observations.Single(o => o.ProducerId == "srv-01.sw-03.dev-017");
        Assert.Equal((ProducerKind.Device, "srv-01.sw-03"), (device.Kind, device.ParentId));
        Assert.All(_output.Observations, o => Assert.True(ProducerId.IsValid(o.ProducerId)));
        Assert.Equal(3, _output.Links.Count);
        Assert.All(_output.Links, c => Assert.Equal(2, c.Reachable.Count));
    }

    [Fact]
    public void Step_SameSeedSameSeconds_SameObservationsAndLinks()
    {
        var a = Run(seed: 42);
        var b = Run(seed: 42);
        var c = Run(seed: 43);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Contains(a, line => line.StartsWith("link ", StringComparison.Ordinal));
    }

    [Fact]
    public void Step_ChangeRateZero_OnlyRepeatsReportsUnchanged()
    {
        var spec = Quiet with { ReportInterval = TimeSpan.FromSeconds(30), ReportConnectivity = true };
        var server = NewServer(spec);
        server.PublishAll();
        var initial = _output.Observations.ToDictionary(o => o.ProducerId);
        _output.Clear();

        for (var second = 1; second <= 300; second++)
        {
            _model!.Step(second);
        }

        Assert.Empty(_output.Links);
        Assert.All(_output.Observations, o => Assert.Equal(initial[o.ProducerId], o));
        Assert.Equal(10 * spec.ProducersPerServer, _output.Observations.Count);
    }

    [Fact]
    public void Step_ChangeRate_ChangesThatShareOfProducersPerMinute()
    {
        NewServer(Quiet with { SwitchesPerServer = 4, DevicesPerSwitch = 46, ChangeRate = 0.1, FlapShare = 0 });

        for (var second = 0; second <= 60; second++)
        {
            _model!.Step(second);
        }

        // 4 × (46 devices + 2 trunks + 1 fan) = 196 changeable producers; 10 % of them per minute. A change always
        // differs from what the producer reported before; a periodic report repeats it.
        var last = new Dictionary<string, Observation>(StringComparer.Ordinal);
        var changed = 0;
        foreach (var o in _output.Observations)
        {
            changed += last.TryGetValue(o.ProducerId, out var before) && before != o ? 1 : 0;
            last[o.ProducerId] = o;
        }

        Assert.Equal(19, _model!.Counts.Changes);
        Assert.Equal(19, changed);
    }

    [Fact]
    public async Task RebootAsync_Switch_OfflineAtOnceThenBackWithRebootEventAfterTheDuration()
    {
        var server = NewServer(Quiet);
        _model!.Step(0);
        _output.Clear();

        Assert.Equal(ProducerControlResult.Accepted, await server.RebootAsync("srv-01.sw-01"));
        Assert.Equal(Health.Offline, _output.Observations.Single().Health);

        _model.Step(1);
        Assert.Single(_output.Observations);
        _model.Step(2);

        var back = _output.Observations[^1];
        Assert.Equal(("srv-01.sw-01", Health.Online, ObservationEvents.Reboot), (back.ProducerId, back.Health, back.Event));
        Assert.Contains("\"bootCount\":2", back.State, StringComparison.Ordinal);
        Assert.Equal(1, _model.Counts.Reboots);
    }

    [Fact]
    public async Task RebootAsync_DeviceOrUnknown_NotSupportedOrUnknown()
    {
        var server = NewServer(Quiet);

        Assert.Equal(ProducerControlResult.NotSupported, await server.RebootAsync("srv-01.sw-01.dev-001"));
        Assert.Equal(ProducerControlResult.UnknownProducer, await server.RebootAsync("srv-01.sw-99"));
    }

    [Fact]
    public async Task ApplyConfigAsync_KnownProducer_ReportsTheConfiguration()
    {
        var server = NewServer(Quiet);

        Assert.Equal(ProducerControlResult.Accepted, await server.ApplyConfigAsync("srv-01.sw-02.fan", """{"mode":"quiet"}"""));
        Assert.Equal(ProducerControlResult.UnknownProducer, await server.ApplyConfigAsync("srv-01.sw-02.nope", "{}"));

        Assert.Equal(("srv-01.sw-02.fan", """{"mode":"quiet"}"""), (_output.Observations.Single().ProducerId, _output.Observations.Single().Config));
    }

    [Fact]
    public async Task RemoveAsync_Switch_StopsReportingItAndItsChildren()
    {
        var server = NewServer(Quiet with { ReportConnectivity = true });

        Assert.Equal(ProducerControlResult.Accepted, await server.RemoveAsync("srv-01.sw-01"));
        _output.Clear();
        server.PublishAll();

        Assert.DoesNotContain(_output.Observations, o => o.ProducerId.StartsWith("srv-01.sw-01", StringComparison.Ordinal));
        Assert.Contains(_output.Observations, o => o.ProducerId == "srv-01.sw-02.dev-002");
        Assert.Equal(("srv-01.sw-02", 0), (_output.Links.Single().SwitchId, _output.Links.Single().Reachable.Count));
        Assert.DoesNotContain("srv-01.sw-01.fan", server.ProducerIds);
        Assert.Null(server.HealthOf("srv-01.sw-01.fan"));
    }

    [Fact]
    public void SetHealth_KnownProducer_PostsTheNewHealth()
    {
        var server = NewServer(Quiet);

        Assert.True(server.SetHealth("srv-01.sw-01.fan", Health.Degraded));
        Assert.False(server.SetHealth("nope", Health.Degraded));

        Assert.Equal(("srv-01.sw-01.fan", Health.Degraded), (_output.Observations.Single().ProducerId, _output.Observations.Single().Health));
        Assert.Equal(Health.Degraded, server.HealthOf("srv-01.sw-01.fan"));
    }

    [Fact]
    public void Plug_NewDevice_ReportsAtOnceAndThenLikeTheOthers()
    {
        var server = NewServer(Quiet with { ReportInterval = TimeSpan.FromSeconds(10) });

        Assert.True(server.Plug("srv-01.sw-01.dev-099", ProducerKind.Device, "srv-01.sw-01"));
        Assert.False(server.Plug("srv-01.sw-01.dev-099", ProducerKind.Device, "srv-01.sw-01"));
        Assert.False(server.Plug("srv-01.sw-01.dev-100", ProducerKind.Device, "srv-01.sw-77"));

        var plugged = _output.Observations.Single();
        Assert.Equal(("srv-01.sw-01.dev-099", ProducerKind.Device, "srv-01.sw-01", Health.Online), (plugged.ProducerId, plugged.Kind, plugged.ParentId, plugged.Health));
        Assert.Contains("srv-01.sw-01.dev-099", server.ProducerIds);
        _output.Clear();
        for (var second = 1; second <= 10; second++)
        {
            _model!.Step(second);
        }

        Assert.Single(_output.Observations, o => o.ProducerId == "srv-01.sw-01.dev-099");
    }

    private FleetServer NewServer(FleetSpec spec)
    {
        _model = new FleetModel(spec, _output, _ => "srv-01");
        return _model.Servers[0];
    }

    private static List<string> Run(int seed)
    {
        var output = new RecordingOutput();
        var model = new FleetModel(
            Quiet with { SwitchesPerServer = 4, DevicesPerSwitch = 20, ChangeRate = 0.5, Seed = seed, ReportConnectivity = true, LinkChangeShare = 0.2, ReportInterval = TimeSpan.FromSeconds(30) },
            output,
            _ => "srv-01");
        for (var second = 0; second < 140; second++)
        {
            model.Step(second);
        }

        return
        [
            .. output.Observations.Select(o => $"{o.ProducerId}|{o.Health}|{o.State}|{o.Event}"),
            .. output.Links.Select(c => $"link {c.SwitchId}:{string.Join(',', c.Reachable.Order(StringComparer.Ordinal))}"),
        ];
    }
}
