using System.Collections.Concurrent;

namespace CloudStatus.Hosting.Loops;

/// <summary>
/// The background loops running in this process, each with its last sign of progress. <see cref="PeriodicLoopService"/>
/// and <see cref="SignalLoopService"/> register themselves while they run; the health checks read it.
/// </summary>
public sealed class LoopHeartbeats(TimeProvider timeProvider)
{
    /// <summary>A loop is stalled once it went this many periods without progress …</summary>
    public const int MissedPeriods = 3;

    /// <summary>… and at least this long, so a busy machine does not make sub-second loops flap.</summary>
    public static readonly TimeSpan MinimumStall = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<LoopHeartbeat, byte> _loops = new();

    public LoopHeartbeat Register(string name, TimeSpan period, bool waitsForSignal = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        var heartbeat = new LoopHeartbeat(this, name, period, waitsForSignal, timeProvider);
        _loops.TryAdd(heartbeat, 0);
        return heartbeat;
    }

    public IReadOnlyCollection<LoopHeartbeat> Loops => [.. _loops.Keys];

    /// <summary>The loops whose silence is past <see cref="MissedPeriods"/> of their period (and <see cref="MinimumStall"/>), with that silence.</summary>
    public IReadOnlyList<(LoopHeartbeat Loop, TimeSpan Silence)> Stalled()
    {
        var stalled = new List<(LoopHeartbeat, TimeSpan)>();
        foreach (var loop in _loops.Keys)
        {
            var silence = loop.Silence();
            if (silence > loop.Period * MissedPeriods && silence > MinimumStall)
            {
                stalled.Add((loop, silence));
            }
        }

        return stalled;
    }

    internal void Remove(LoopHeartbeat heartbeat) => _loops.TryRemove(heartbeat, out _);
}
