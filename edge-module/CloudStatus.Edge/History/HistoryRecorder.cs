using System.Globalization;
using CloudStatus.Core.History;
using CloudStatus.Core.Model;

namespace CloudStatus.Edge.History;

/// <summary>
/// Where the edge notes every transition it sees, for the local history (S3). Called on the observation hot path,
/// but only when something changed (a health transition, a flap verdict, a reboot…), never per observation: one
/// clock read, one uncontended lock and a struct appended to a list. Bounded: past <c>capacity</c> waiting
/// transitions, further ones are only counted and written later as one <see cref="LocalEventTypes.Gap"/> event.
/// The <see cref="HistoryWriter"/> drains it in batches from a background loop.
/// </summary>
internal sealed class HistoryRecorder(string serverId, int capacity, TimeProvider timeProvider)
{
    private readonly Lock _gate = new();
    private List<LocalTransition> _pending = [];
    private long _dropped;

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public void Record(string producerId, string type, Health? health = null, Health? previousHealth = null, string? detail = null)
    {
        var at = timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_pending.Count >= capacity)
            {
                _dropped++;
                return;
            }

            _pending.Add(new LocalTransition(producerId, type, health, previousHealth, at, detail));
        }
    }

    /// <summary>Counts transitions that were taken but could not be kept (a failed write beyond the bound).</summary>
    public void CountLost(long count)
    {
        lock (_gate)
        {
            _dropped += count;
        }
    }

    /// <summary>Everything recorded since the last drain, in order, plus a gap event when some had to be dropped.</summary>
    public List<LocalTransition> Drain()
    {
        List<LocalTransition> batch;
        long dropped;
        lock (_gate)
        {
            batch = _pending;
            dropped = _dropped;
            _pending = [];
            _dropped = 0;
        }

        if (dropped > 0)
        {
            batch.Add(new LocalTransition(
                serverId,
                LocalEventTypes.Gap,
                null,
                null,
                timeProvider.GetUtcNow(),
                string.Create(CultureInfo.InvariantCulture, $"{dropped} transitions were not recorded: the history queue was full.")));
        }

        return batch;
    }
}
