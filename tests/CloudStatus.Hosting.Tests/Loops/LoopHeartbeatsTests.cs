using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Hosting.Tests.Loops;

public sealed class LoopHeartbeatsTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Stalled_PeriodicLoopSilentForThreePeriods_IsNotYetStalled()
    {
        var heartbeats = new LoopHeartbeats(_time);
        using var loop = heartbeats.Register("periodic", Period);

        _time.Advance(Period * LoopHeartbeats.MissedPeriods);

        Assert.Empty(heartbeats.Stalled());
    }

    [Fact]
    public void Stalled_PeriodicLoopSilentPastThreePeriods_IsStalledWithItsSilence()
    {
        var heartbeats = new LoopHeartbeats(_time);
        using var loop = heartbeats.Register("periodic", Period);

        _time.Advance(Period * LoopHeartbeats.MissedPeriods + TimeSpan.FromSeconds(1));

        var stalled = Assert.Single(heartbeats.Stalled());
        Assert.Same(loop, stalled.Loop);
        Assert.Equal(TimeSpan.FromSeconds(91), stalled.Silence);
    }

    [Fact]
    public void Stalled_PeriodicLoopThatTicks_IsNotStalled()
    {
        var heartbeats = new LoopHeartbeats(_time);
        using var loop = heartbeats.Register("periodic", Period);

        for (var i = 0; i < 10; i++)
        {
            _time.Advance(Period);
            loop.TickStarted();
            _time.Advance(TimeSpan.FromSeconds(5));
            loop.TickEnded();
        }

        Assert.Empty(heartbeats.Stalled());
    }

    [Fact]
    public void Stalled_ShortPeriodSilentForThreePeriods_WaitsForTheMinimumStall()
    {
        var heartbeats = new LoopHeartbeats(_time);
        using var loop = heartbeats.Register("fast", TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromSeconds(5));
        var early = heartbeats.Stalled();
        _time.Advance(LoopHeartbeats.MinimumStall);

        Assert.Empty(early);
        Assert.Single(heartbeats.Stalled());
    }

    [Fact]
    public void Stalled_SignalLoopIdle_IsNeverStalled()
    {
        var heartbeats = new LoopHeartbeats(_time);
        using var loop = heartbeats.Register("signalled", Period, waitsForSignal: true);

        _time.Advance(TimeSpan.FromDays(1));

        Assert.Empty(heartbeats.Stalled());
    }

    [Fact]
    public void Stalled_SignalLoopStuckInATick_IsStalled()
    {
        var heartbeats = new LoopHeartbeats(_time);
        using var loop = heartbeats.Register("signalled", Period, waitsForSignal: true);

        loop.TickStarted();
        _time.Advance(Period * (LoopHeartbeats.MissedPeriods + 1));

        var stalled = Assert.Single(heartbeats.Stalled());
        Assert.True(stalled.Loop.IsInTick);
    }

    [Fact]
    public void Dispose_StalledLoop_LeavesTheRegistry()
    {
        var heartbeats = new LoopHeartbeats(_time);
        var loop = heartbeats.Register("periodic", Period);
        _time.Advance(Period * 10);

        loop.Dispose();

        Assert.Empty(heartbeats.Stalled());
        Assert.Empty(heartbeats.Loops);
    }
}
