using CloudStatus.Core.Model;

namespace CloudStatus.Core.Filtering;

/// <summary>
/// E5: rapid flaps (a call connecting and disconnecting, a link bouncing) are detected and reported instead of
/// being propagated change by change.
/// <para>
/// A transition is an observation whose health differs from the previous observation. Transitions are counted in
/// a window of <see cref="ChatterOptions.Window"/> that opens at a transition: the first transition that comes
/// a full window or more after the window opened starts a new window with a count of 1. This is an
/// approximation of a sliding window needing O(1) state: a burst that straddles a window boundary may be
/// undercounted (at worst <c>2 × (Threshold − 1)</c> transitions within one window-length go unnoticed), never
/// overcounted, so a producer is never flagged for fewer than <see cref="ChatterOptions.Threshold"/>
/// transitions within one window-length.
/// </para>
/// <para>
/// Reaching the threshold makes the producer flapping. While flapping, the effective health is held at the last
/// stable health: the health before the first transition of the window in which flapping began (not any of the
/// short-lived values of the burst). Flapping ends when no transition happened for a full window; it is checked
/// on every observation (an observation of the unchanged health serves as a tick), and the effective health then
/// becomes the latest observed.
/// </para>
/// <para>Thread-safety: the filter is immutable; each state must be updated by one thread at a time. Time is any
/// monotonic millisecond count supplied by the caller; a clock going backwards counts as no time elapsed.</para>
/// </summary>
public sealed class ChatterFilter
{
    private readonly long _windowMs;
    private readonly int _threshold;

    public ChatterFilter(ChatterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid chatter options: " + string.Join(" ", errors), nameof(options));
        }

        _windowMs = Math.Max(1, (long)Math.Ceiling(options.Window.TotalMilliseconds));
        _threshold = options.Threshold;
    }

    /// <summary>The health to propagate: the latest observed while stable, the held stable health while flapping.</summary>
    public static Health EffectiveHealth(in ChatterState state) => state.Effective;

    /// <summary>True while the producer is flapping.</summary>
    public static bool IsFlapping(in ChatterState state) => state.Flapping;

    /// <summary>
    /// Records one observation at <paramref name="nowMilliseconds"/> and says what it means. The first observation
    /// is not a transition; it reports <see cref="ChatterVerdict.Changed"/> when its health is not
    /// <see cref="Health.Unknown"/> (the effective health of a default state). Allocation-free.
    /// </summary>
    public ChatterVerdict Observe(ref ChatterState state, Health observed, long nowMilliseconds)
    {
        if (!state.Seen)
        {
            var before = state.Effective;
            state = new ChatterState
            {
                Seen = true,
                Latest = observed,
                Effective = observed,
                WindowBase = observed,
                WindowStartMs = nowMilliseconds,
                LastTransitionMs = nowMilliseconds,
            };
            return observed == before ? ChatterVerdict.Unchanged : ChatterVerdict.Changed;
        }

        var stopped = false;
        if (state.Flapping && Elapsed(state.LastTransitionMs, nowMilliseconds) >= _windowMs)
        {
            // A full window without a transition: stable again at the latest observed health.
            state.Flapping = false;
            state.Effective = state.Latest;
            state.Transitions = 0;
            stopped = true;
        }

        if (observed == state.Latest)
        {
            return stopped ? ChatterVerdict.StoppedFlapping
                : state.Flapping ? ChatterVerdict.StillFlapping
                : ChatterVerdict.Unchanged;
        }

        // A transition.
        if (state.Transitions == 0 || Elapsed(state.WindowStartMs, nowMilliseconds) >= _windowMs)
        {
            state.WindowStartMs = nowMilliseconds;
            state.WindowBase = state.Latest;
            state.Transitions = 0;
        }

        state.Transitions++;
        state.LastTransitionMs = nowMilliseconds;
        state.Latest = observed;

        if (state.Flapping)
        {
            return ChatterVerdict.StillFlapping;
        }

        if (state.Transitions >= _threshold)
        {
            state.Flapping = true;
            state.Effective = state.WindowBase;
            return ChatterVerdict.StartedFlapping;
        }

        state.Effective = observed;
        return stopped ? ChatterVerdict.StoppedFlapping : ChatterVerdict.Changed;
    }

    private static long Elapsed(long sinceMs, long nowMs) => Math.Max(0, nowMs - sinceMs);
}
