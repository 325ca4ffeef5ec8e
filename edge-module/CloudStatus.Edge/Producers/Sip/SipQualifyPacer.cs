namespace CloudStatus.Edge.Producers.Sip;

/// <summary>
/// Spreads one round of qualifies across the interval: the sends are evenly spaced over the interval less one timeout
/// (so the last answer is in before the next round), never closer than the rate limit allows.
/// </summary>
internal static class SipQualifyPacer
{
    public static TimeSpan Spacing(int targets, TimeSpan interval, TimeSpan timeout, double maxRequestsPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRequestsPerSecond);
        var floor = TimeSpan.FromSeconds(1 / maxRequestsPerSecond);
        if (targets <= 1)
        {
            return floor;
        }

        var window = interval - timeout;
        var even = window > TimeSpan.Zero ? window / targets : TimeSpan.Zero;
        return even > floor ? even : floor;
    }
}
