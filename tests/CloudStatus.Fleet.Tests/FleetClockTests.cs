using CloudStatus.Fleet.Tests.Support;

namespace CloudStatus.Fleet.Tests;

public sealed class FleetClockTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly FleetSpec Spec = new()
    {
        Servers = 2, SwitchesPerServer = 1, DevicesPerSwitch = 1, ChangeRate = 0, RebootsPerSwitchHour = 0, DarkPerSwitchHour = 0,
        ReportInterval = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public void AdvanceTo_FirstCall_MarksSecondZeroWithoutReporting()
    {
        var output = new RecordingOutput();
        var clock = new FleetClock(new FleetModel(Spec, output));

        Assert.Equal(0, clock.AdvanceTo(Start));

        Assert.Equal(0, clock.Second);
        Assert.Empty(output.Items);
    }

    [Fact]
    public void AdvanceTo_LaterCalls_StepEveryWholeSecondThatPassed()
    {
        var output = new RecordingOutput();
        var clock = new FleetClock(new FleetModel(Spec, output));
        clock.AdvanceTo(Start);

        Assert.Equal(3, clock.AdvanceTo(Start.AddSeconds(3.5)));
        Assert.Equal(0, clock.AdvanceTo(Start.AddSeconds(3.9)));
        Assert.Equal(1, clock.AdvanceTo(Start.AddSeconds(4)));
        Assert.Equal(0, clock.AdvanceTo(Start.AddSeconds(1)));

        // Every producer reports every second: 4 seconds × 2 servers × 6 producers.
        Assert.Equal(4, clock.Second);
        Assert.Equal(4 * Spec.TotalProducers, output.Items.Count);
    }
}
