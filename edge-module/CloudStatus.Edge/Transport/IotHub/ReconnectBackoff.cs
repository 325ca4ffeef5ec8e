namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>Exponential reconnect delay with jitter: attempt n waits between half and all of min·2ⁿ, capped at max.</summary>
internal static class ReconnectBackoff
{
    /// <param name="attempt">0 for the first retry after a drop.</param>
    /// <param name="jitter">A uniform sample in [0, 1).</param>
    public static TimeSpan Delay(int attempt, TimeSpan min, TimeSpan max, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var exponent = Math.Min(attempt, 30);
        var ceiling = Math.Min(min.Ticks * Math.Pow(2, exponent), max.Ticks);
        var ticks = (ceiling / 2) + (ceiling / 2 * Math.Clamp(jitter, 0, 1));
        return TimeSpan.FromTicks(Math.Max(min.Ticks, (long)ticks));
    }
}
