using CloudStatus.Faults.Tests.Support;
using Xunit.Sdk;

namespace CloudStatus.Faults.Tests;

/// <summary>When the readers' figures fail a scenario (ADR 155): failures always, the bar only after a quiet baseline.</summary>
public sealed class LoadBarTests
{
    private static readonly LoadResult QuietBaseline = new(2_400, 3, 20, 0, 0, 0, 3);
    private static readonly LoadResult BusyBaseline = new(300, 20, 120, 0, 0, 0, 3);
    private static readonly LoadResult Slow = new(600, 30, 150, 0, 0, 0, 4);
    private static readonly LoadResult Held = new(1_200, 4, 40, 0, 0, 0, 4);

    [Fact]
    public void Assert_SlowAfterAQuietBaseline_Fails()
    {
        Assert.Throws<TrueException>(() => LoadBar.Assert("fault", "page", Slow, QuietBaseline));
        Assert.Equal("missed", LoadBar.Verdict(Slow, QuietBaseline));
    }

    [Fact]
    public void Assert_SlowAfterABusyBaseline_IsRecordedNotAsserted()
    {
        LoadBar.Assert("fault", "page", Slow, BusyBaseline);

        Assert.StartsWith("missed, not asserted (busy machine: baseline 300/s, p99 120 ms)", LoadBar.Verdict(Slow, BusyBaseline), StringComparison.Ordinal);
    }

    [Fact]
    public void Assert_HeldAfterAQuietBaseline_Passes()
    {
        LoadBar.Assert("fault", "page", Held, QuietBaseline);

        Assert.Equal("met", LoadBar.Verdict(Held, QuietBaseline));
    }

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(0, 1, 0)]
    [InlineData(0, 0, 1)]
    public void Assert_AnyFailedRequest_FailsEvenOnABusyMachine(long errors, long non2xx, long timeouts)
    {
        var failed = Held with { Errors = errors, Non2xx = non2xx, Timeouts = timeouts };

        Assert.Throws<TrueException>(() => LoadBar.Assert("fault", "page", failed, BusyBaseline));
        Assert.Throws<TrueException>(() => LoadBar.Assert("fault", "page", Held, failed));
    }

    [Fact]
    public void Quiet_NeedsHeadroomOnThroughputAndP99()
    {
        Assert.False(LoadBar.Quiet(new LoadResult(1_400, 3, 20, 0, 0, 0, 3)));
        Assert.False(LoadBar.Quiet(new LoadResult(2_400, 3, 70, 0, 0, 0, 3)));
        Assert.True(LoadBar.Quiet(new LoadResult(1_500, 3, 66, 0, 0, 0, 3)));
    }
}
