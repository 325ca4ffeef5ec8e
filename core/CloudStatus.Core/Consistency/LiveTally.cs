using CloudStatus.Core.Central;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Consistency;

/// <summary>Central's running digest of a server's live producers, with how many are in each health.</summary>
internal sealed class LiveTally(long count, ulong hash, HealthCounts counts)
{
    public DigestAccumulator Digest { get; } = new(count, hash);

    public HealthCounts Counts { get; private set; } = counts;

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
        Counts = Counts.Add(p.Health, 1);
    }

    public void Remove(ProducerState p)
    {
        Digest.Remove(p.ProducerId, p.Seq);
        Counts = Counts.Add(p.Health, -1);
    }
}
