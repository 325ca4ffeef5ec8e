namespace CloudStatus.Hosting.Loops;

/// <summary>
/// One running loop's entry in <see cref="LoopHeartbeats"/>: the loop says when each tick starts and ends, and
/// disposes the entry when it stops. A loop that waits for a signal may idle for ever; only its ticks are timed.
/// </summary>
public sealed class LoopHeartbeat : IDisposable
{
    private readonly LoopHeartbeats _registry;
    private readonly TimeProvider _timeProvider;
    private long _lastProgress;
    private int _inTick;

    internal LoopHeartbeat(LoopHeartbeats registry, string name, TimeSpan period, bool waitsForSignal, TimeProvider timeProvider)
    {
        _registry = registry;
        _timeProvider = timeProvider;
        Name = name;
        Period = period;
        WaitsForSignal = waitsForSignal;
        _lastProgress = timeProvider.GetTimestamp();
    }

    public string Name { get; }

    /// <summary>How often a periodic loop ticks; for a signalled loop, how long one tick may normally take.</summary>
    public TimeSpan Period { get; }

    public bool WaitsForSignal { get; }

    public void TickStarted()
    {
        Volatile.Write(ref _lastProgress, _timeProvider.GetTimestamp());
        Volatile.Write(ref _inTick, 1);
    }

    public void TickEnded()
    {
        Volatile.Write(ref _inTick, 0);
        Volatile.Write(ref _lastProgress, _timeProvider.GetTimestamp());
    }

    /// <summary>
    /// How long the loop has gone without starting or ending a tick when that counts against it (inside a tick, or
    /// waiting for a timer); zero while a signalled loop idles.
    /// </summary>
    public TimeSpan Silence()
    {
        var inTick = Volatile.Read(ref _inTick) == 1;
        return inTick || !WaitsForSignal ? _timeProvider.GetElapsedTime(Volatile.Read(ref _lastProgress)) : TimeSpan.Zero;
    }

    public bool IsInTick => Volatile.Read(ref _inTick) == 1;

    public void Dispose() => _registry.Remove(this);
}
