using CloudStatus.Core.Central;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Consistency;

/// <summary>Central's running digest of a server's live producers, with how many are in each health.</summary>
internal sealed class LiveTally(long count, ulong hash, HealthCounts counts)
{
    public DigestAccumulator Digest { get; } = new(count, hash);

    // Counted in place: a HealthCounts per applied record would be two allocations each (removed, then added).
    private long _online = counts.Online;
    private long _degraded = counts.Degraded;
    private long _offline = counts.Offline;
    private long _unknown = counts.Unknown;

    public HealthCounts Counts => new(_online, _degraded, _offline, _unknown);

    /// <summary>The tally of the live rows of <paramref name="epoch"/>, counted from scratch.</summary>
    public static LiveTally Recount(IEnumerable<ProducerState> producers, string epoch)
    {
        var tally = new LiveTally(0, 0, HealthCounts.Zero);
        foreach (var p in producers)
        {
            if (!p.Deleted && string.Equals(p.Epoch, epoch, StringComparison.Ordinal))
            {
                tally.Add(p);
            }
        }

        return tally;
    }

    public void Add(ProducerState p)
    {
        Digest.Add(p.ProducerId, p.Seq);
        Count(p.Health, 1);
    }

    public void Remove(ProducerState p)
    {
        Digest.Remove(p.ProducerId, p.Seq);
        Count(p.Health, -1);
    }

    private void Count(Health health, long delta)
    {
        switch (health)
        {
            case Health.Online:
                _online += delta;
                break;
            case Health.Degraded:
                _degraded += delta;
                break;
            case Health.Offline:
                _offline += delta;
                break;
            default:
                _unknown += delta;
                break;
        }
    }
}
