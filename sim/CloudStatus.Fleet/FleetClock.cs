namespace CloudStatus.Fleet;

/// <summary>
/// Plays a <see cref="FleetModel"/> on a clock: the first <see cref="AdvanceTo"/> marks second 0 (the appearance is the
/// caller's <see cref="FleetServer.PublishAll"/>, when each server comes up), each later one steps every whole second
/// that passed since.
/// </summary>
public sealed class FleetClock(FleetModel model)
{
    private DateTimeOffset? _start;
    private int _stepped;

    /// <summary>The last second played.</summary>
    public int Second => _stepped;

    /// <summary>Steps every second up to <paramref name="now"/>; returns how many were played.</summary>
    public int AdvanceTo(DateTimeOffset now)
    {
        if (_start is not { } start)
        {
            _start = now;
            return 0;
        }

        var target = now <= start ? 0 : (int)Math.Min(int.MaxValue, (long)(now - start).TotalSeconds);
        var played = 0;
        while (_stepped < target)
        {
            _stepped++;
            model.Step(_stepped);
            played++;
        }

        return played;
    }
}
