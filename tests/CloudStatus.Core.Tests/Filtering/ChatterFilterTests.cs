using CloudStatus.Core.Filtering;
using CloudStatus.Core.Model;

namespace CloudStatus.Core.Tests.Filtering;

public class ChatterFilterTests
{
    private const long Window = 120_000; // the default 2 minutes

    private readonly ChatterFilter _filter = new(new ChatterOptions());
    private ChatterState _state;

    private ChatterVerdict See(Health health, long atMs) => _filter.Observe(ref _state, health, atMs);

    private Health Effective => ChatterFilter.EffectiveHealth(in _state);

    private bool Flapping => ChatterFilter.IsFlapping(in _state);

    [Fact]
    public void Options_Defaults_AreTwoMinutesAndFour()
    {
        var options = new ChatterOptions();

        Assert.Equal(TimeSpan.FromMinutes(2), options.Window);
        Assert.Equal(4, options.Threshold);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(0, 4, "Window")]
    [InlineData(-5, 4, "Window")]
    [InlineData(1000, 1, "Threshold")]
    [InlineData(1000, ChatterState.MaxTransitions + 1, "Threshold")]
    public void Constructor_InvalidOptions_Throws(int windowMs, int threshold, string setting)
    {
        var options = new ChatterOptions { Window = TimeSpan.FromMilliseconds(windowMs), Threshold = threshold };

        var ex = Assert.Throws<ArgumentException>(() => new ChatterFilter(options));

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
        Assert.Single(options.Validate());
    }

    [Fact]
    public void Default_State_IsUnknownAndNotFlapping()
    {
        Assert.Equal(Health.Unknown, Effective);
        Assert.False(Flapping);
    }

    [Fact]
    public void Observe_First_ChangesToObserved()
    {
        Assert.Equal(ChatterVerdict.Changed, See(Health.Online, 1_000));
        Assert.Equal(Health.Online, Effective);
        Assert.Equal(0, _state.TransitionCount);
    }

    [Fact]
    public void Observe_FirstUnknown_IsUnchanged()
    {
        Assert.Equal(ChatterVerdict.Unchanged, See(Health.Unknown, 1_000));
        Assert.Equal(Health.Unknown, Effective);
    }

    [Fact]
    public void Observe_SameHealth_Unchanged()
    {
        See(Health.Online, 0);

        Assert.Equal(ChatterVerdict.Unchanged, See(Health.Online, 10));
        Assert.Equal(ChatterVerdict.Unchanged, See(Health.Online, 10 * Window));
    }

    [Fact]
    public void Observe_TransitionsBelowThreshold_AreChanges()
    {
        See(Health.Online, 0);

        Assert.Equal(ChatterVerdict.Changed, See(Health.Offline, 1_000));
        Assert.Equal(Health.Offline, Effective);
        Assert.Equal(ChatterVerdict.Changed, See(Health.Online, 2_000));
        Assert.Equal(ChatterVerdict.Changed, See(Health.Degraded, 3_000));
        Assert.Equal(Health.Degraded, Effective);
        Assert.False(Flapping);
        Assert.Equal(3, _state.TransitionCount);
    }

    [Fact]
    public void Observe_ThresholdReached_StartsFlappingAndHoldsPreBurstHealth()
    {
        See(Health.Online, 0);
        See(Health.Offline, 1_000);
        See(Health.Online, 2_000);
        See(Health.Offline, 3_000);

        Assert.Equal(ChatterVerdict.StartedFlapping, See(Health.Degraded, 4_000));
        Assert.True(Flapping);
        Assert.Equal(Health.Online, Effective);
        Assert.Equal(Health.Degraded, _state.LastObserved);
    }

    [Fact]
    public void Observe_WhileFlapping_HealthHeldWhateverIsObserved()
    {
        StartFlapping(Health.Online, at: 0);

        Assert.Equal(ChatterVerdict.StillFlapping, See(Health.Offline, 5_000));
        Assert.Equal(ChatterVerdict.StillFlapping, See(Health.Offline, 6_000));
        Assert.Equal(ChatterVerdict.StillFlapping, See(Health.Degraded, 7_000));
        Assert.Equal(Health.Online, Effective);
        Assert.True(Flapping);
    }

    [Fact]
    public void Observe_QuietForLessThanWindow_StillFlapping()
    {
        var last = StartFlapping(Health.Online, at: 0);
        See(Health.Offline, last + 1);

        Assert.Equal(ChatterVerdict.StillFlapping, See(Health.Offline, last + 1 + Window - 1));
        Assert.True(Flapping);
    }

    [Fact]
    public void Observe_QuietForFullWindow_StopsAtLatestObserved()
    {
        var last = StartFlapping(Health.Online, at: 0);
        See(Health.Offline, last + 1);

        Assert.Equal(ChatterVerdict.StoppedFlapping, See(Health.Offline, last + 1 + Window));
        Assert.False(Flapping);
        Assert.Equal(Health.Offline, Effective);
        Assert.Equal(0, _state.TransitionCount);
    }

    [Fact]
    public void Observe_TransitionAfterQuietWindow_StopsAndTakesNewHealth()
    {
        var last = StartFlapping(Health.Online, at: 0);

        Assert.Equal(ChatterVerdict.StoppedFlapping, See(Health.Offline, last + Window + 5));
        Assert.False(Flapping);
        Assert.Equal(Health.Offline, Effective);
        Assert.Equal(1, _state.TransitionCount);
    }

    [Fact]
    public void Observe_AfterStopping_NeedsAFullThresholdAgain()
    {
        var last = StartFlapping(Health.Online, at: 0);
        var t = last + Window;
        See(_state.LastObserved, t);

        Assert.Equal(ChatterVerdict.Changed, See(Health.Offline, t + 1));
        Assert.Equal(ChatterVerdict.Changed, See(Health.Online, t + 2));
        Assert.Equal(ChatterVerdict.Changed, See(Health.Offline, t + 3));
        Assert.Equal(ChatterVerdict.StartedFlapping, See(Health.Online, t + 4));
        Assert.Equal(Health.Degraded, Effective);
    }

    [Fact]
    public void Observe_SlowTransitions_NeverFlap()
    {
        See(Health.Online, 0);
        for (var i = 1; i <= 20; i++)
        {
            var verdict = See(i % 2 == 0 ? Health.Online : Health.Offline, i * (Window / 2));
            Assert.Equal(ChatterVerdict.Changed, verdict);
        }

        Assert.False(Flapping);
    }

    [Fact]
    public void Observe_WindowRestartsAtFirstTransitionAfterExpiry()
    {
        See(Health.Online, 0);
        See(Health.Offline, 0);
        See(Health.Online, 1);
        See(Health.Offline, 2);

        // The window opened at 0 has expired: this transition opens a new one (count 1) instead of making 4.
        Assert.Equal(ChatterVerdict.Changed, See(Health.Online, Window));
        Assert.Equal(1, _state.TransitionCount);
        Assert.Equal(ChatterVerdict.Changed, See(Health.Offline, Window + 1));
        Assert.Equal(ChatterVerdict.Changed, See(Health.Online, Window + 2));
        Assert.Equal(ChatterVerdict.StartedFlapping, See(Health.Offline, Window + 3));
        Assert.Equal(Health.Offline, Effective); // held at the health before the new window's first transition
    }

    [Fact]
    public void Observe_ClockGoingBackwards_CountsAsNoTimeElapsed()
    {
        StartFlapping(Health.Online, at: 1_000_000);

        Assert.Equal(ChatterVerdict.StillFlapping, See(Health.Offline, 0));
        Assert.True(Flapping);
    }

    [Fact]
    public void Observe_ThresholdTwo_FlapsOnSecondTransition()
    {
        var filter = new ChatterFilter(new ChatterOptions { Threshold = 2, Window = TimeSpan.FromSeconds(10) });
        var state = default(ChatterState);
        filter.Observe(ref state, Health.Online, 0);

        Assert.Equal(ChatterVerdict.Changed, filter.Observe(ref state, Health.Offline, 100));
        Assert.Equal(ChatterVerdict.StartedFlapping, filter.Observe(ref state, Health.Online, 200));
        Assert.Equal(Health.Online, ChatterFilter.EffectiveHealth(in state));
        Assert.Equal(ChatterVerdict.StoppedFlapping, filter.Observe(ref state, Health.Online, 10_200));
    }

    [Fact]
    public void Observe_MoreTransitionsThanTheCountHolds_StaysFlappingAtTheLimit()
    {
        var filter = new ChatterFilter(new ChatterOptions { Threshold = ChatterState.MaxTransitions, Window = TimeSpan.FromHours(1) });
        var state = default(ChatterState);
        filter.Observe(ref state, Health.Online, 0);
        var verdicts = new List<ChatterVerdict>();
        for (var i = 1; i <= ChatterState.MaxTransitions + 10; i++)
        {
            verdicts.Add(filter.Observe(ref state, i % 2 == 0 ? Health.Online : Health.Offline, i));
        }

        Assert.Equal(ChatterVerdict.StartedFlapping, verdicts[ChatterState.MaxTransitions - 1]);
        Assert.Equal(ChatterState.MaxTransitions, state.TransitionCount);
        Assert.True(ChatterFilter.IsFlapping(in state));
        Assert.Equal(Health.Online, ChatterFilter.EffectiveHealth(in state));
    }

    [Fact]
    public void Observe_SteadyState_AllocatesNothing()
    {
        StartFlapping(Health.Online, at: 0);
        See(Health.Online, 1);
        var before = GC.GetAllocatedBytesForCurrentThread();

        for (var i = 0; i < 10_000; i++)
        {
            See(i % 3 == 0 ? Health.Offline : Health.Online, 10 + (i * 100L));
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    /// <summary>Starts flapping from <paramref name="stable"/> with Threshold (4) transitions, one ms apart; returns the last time used.</summary>
    private long StartFlapping(Health stable, long at)
    {
        var other = stable == Health.Online ? Health.Offline : Health.Online;
        See(stable, at);
        See(other, at + 1);
        See(stable, at + 2);
        See(other, at + 3);
        Assert.Equal(ChatterVerdict.StartedFlapping, See(Health.Degraded, at + 4));
        Assert.Equal(stable, Effective);
        return at + 4;
    }
}
