using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers;
using CloudStatus.Fleet.Tests.Support;

namespace CloudStatus.Fleet.Tests;

public class FleetModelTests
{
    private static readonly FleetSpec Small = new()
    {
        Servers = 3,
        SwitchesPerServer = 2,
        DevicesPerSwitch = 5,
        ChangeRate = 0.2,
        FlapShare = 0.3,
        RebootsPerSwitchHour = 20,
        DarkPerSwitchHour = 20,
        ReportInterval = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public void Step_SameSeed_SameObservations()
    {
        Assert.Equal(Run(Small, 900), Run(Small, 900));
    }

    [Fact]
    public void Step_DifferentSeed_DifferentObservations()
    {
        Assert.NotEqual(Run(Small, 900), Run(Small with { Seed = 2 }, 900));
    }

    [Fact]
    public void Step_ServerObservations_DoNotDependOnFleetSize()
    {
        var alone = Run(Small with { Servers = 1 }, 600);
        var inFleet = Run(Small, 600).Where(o => o.StartsWith("0|", StringComparison.Ordinal)).ToList();
        Assert.Equal(alone, inFleet);
    }

    [Fact]
    public void Step_SecondZero_EveryProducerAppearsOnce()
    {
        var output = new RecordingOutput();
        var model = new FleetModel(Small, output);
        model.Step(0);

        Assert.Equal(Small.TotalProducers, output.Items.Count);
        Assert.Equal(output.Items.Count, output.Items.Select(o => o.Observation.ProducerId).Distinct().Count());
        Assert.Empty(output.Links);
    }

    [Fact]
    public void Step_QuietFleet_EveryProducerReportsOncePerInterval()
    {
        var output = new RecordingOutput();
        var model = new FleetModel(Small with { ChangeRate = 0, RebootsPerSwitchHour = 0, DarkPerSwitchHour = 0 }, output);
        for (var second = 1; second <= Small.ReportIntervalSeconds; second++)
        {
            model.Step(second);
        }

        Assert.Equal(Small.TotalProducers, output.Items.Count);
        Assert.Equal(output.Items.Count, output.Items.Select(o => o.Observation.ProducerId).Distinct().Count());
    }

    [Fact]
    public void Step_OneHour_DrawsChangesAtTheConfiguredRate()
    {
        var spec = Small with { RebootsPerSwitchHour = 0, DarkPerSwitchHour = 0 };
        var model = new FleetModel(spec, new RecordingOutput());
        for (var second = 0; second < 3600; second++)
        {
            model.Step(second);
        }

        var changeable = spec.SwitchesPerServer * (3 + spec.DevicesPerSwitch);
        var expected = spec.ChangeRate * changeable * 3599 / 60 * spec.Servers;
        var counts = model.Counts;
        var drawn = counts.Changes + counts.Flaps + counts.LostChanges;
        Assert.InRange(drawn, expected - spec.Servers, expected + spec.Servers);
        Assert.Equal(0, counts.LostChanges);
        Assert.InRange(counts.Flaps / (double)drawn, 0.2, 0.4);
    }

    [Fact]
    public void Step_SwitchGoesDark_ItAndEverythingUnderItStopReportingUntilItIsBack()
    {
        var spec = Small with { Servers = 1, SwitchesPerServer = 1, RebootsPerSwitchHour = 0, DarkPerSwitchHour = 3600, ChangeRate = 0 };
        var output = new RecordingOutput();
        var model = new FleetModel(spec, output);
        model.Step(0);
        output.Clear();
        var darkSeconds = (int)spec.DarkDuration.TotalSeconds;
        for (var second = 1; second <= darkSeconds; second++)
        {
            model.Step(second);
        }

        Assert.Equal(1, model.Counts.DarkSwitches);
        Assert.All(output.Items, o => Assert.DoesNotContain(".sw-01", o.Observation.ProducerId, StringComparison.Ordinal));
        output.Clear();
        model.Step(darkSeconds + 1);
        Assert.Contains(output.Items, o => o.Observation.ProducerId.EndsWith(".sw-01", StringComparison.Ordinal));
    }

    [Fact]
    public void Step_SwitchReboots_OfflineThenOnlineWithRebootEventAndNewBootCount()
    {
        var spec = Small with { Servers = 1, SwitchesPerServer = 1, RebootsPerSwitchHour = 3600, DarkPerSwitchHour = 0, ChangeRate = 0 };
        var output = new RecordingOutput();
        var model = new FleetModel(spec, output);
        for (var second = 0; second <= 1 + (int)spec.RebootDuration.TotalSeconds; second++)
        {
            model.Step(second);
        }

        var sw = output.Items.Where(o => o.Observation.ProducerId.EndsWith(".sw-01", StringComparison.Ordinal)).Select(o => o.Observation).ToList();
        Assert.Equal(Health.Offline, sw[1].Health);
        var back = Assert.Single(sw, o => o.Event == ObservationEvents.Reboot);
        Assert.Equal(Health.Online, back.Health);
        Assert.Contains("\"bootCount\":2", back.State, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadSpec_NamesEverySetting()
    {
        var errors = new FleetSpec { Servers = 0, ChangeRate = 2, ReportInterval = TimeSpan.FromMilliseconds(1500) }.Validate();

        Assert.Contains(errors, e => e.StartsWith("Servers", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ChangeRate", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ReportInterval", StringComparison.Ordinal));
    }

    private static List<string> Run(FleetSpec spec, int seconds)
    {
        var output = new RecordingOutput();
        var model = new FleetModel(spec, output);
        var lines = new List<string>();
        for (var second = 0; second < seconds; second++)
        {
            output.Clear();
            model.Step(second);
            lines.AddRange(output.Items.Select(o => $"{o.Server}|{second}|{o.Observation.ProducerId}|{o.Observation.Health}|{o.Observation.State}|{o.Observation.Event}"));
        }

        return lines;
    }
}
