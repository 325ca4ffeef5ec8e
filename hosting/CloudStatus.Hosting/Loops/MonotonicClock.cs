namespace CloudStatus.Hosting.Loops;

/// <summary>Milliseconds from <see cref="TimeProvider.GetTimestamp"/>: monotonic, cheap, and faked along with the rest of time in tests.</summary>
public sealed class MonotonicClock(TimeProvider timeProvider)
{
    private readonly long _ticksPerMillisecond = Math.Max(1, timeProvider.TimestampFrequency / 1000);

    public long NowMilliseconds => timeProvider.GetTimestamp() / _ticksPerMillisecond;
}
