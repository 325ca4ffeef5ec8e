using CloudStatus.Core.Central;

namespace CloudStatus.Core.Ownership;

/// <summary>
/// Dedupe (docs/adr/0120): a producer that several servers report is one producer. Between the two servers of a
/// pair the lease holder's row wins (the other's observations never replace it); between unrelated servers the row
/// central wrote last wins, ties broken by server id, so the answer never depends on read order.
/// </summary>
public static class ProducerOwners
{
    /// <summary>One <see cref="OwnedProducer"/> per producer id among the live rows, ordered by producer id.</summary>
    public static IReadOnlyList<OwnedProducer> Resolve(IEnumerable<ProducerState> rows, IEnumerable<Lease> leases)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(leases);
        var pairs = leases.ToLookup(l => Key(l.PrimaryId, l.PeerId));
        var result = new List<OwnedProducer>();
        foreach (var group in rows.Where(r => !r.Deleted).GroupBy(r => r.ProducerId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var candidates = group.OrderBy(r => r.ServerId, StringComparer.Ordinal).ToList();
            var owner = candidates.Count == 1 ? candidates[0] : Pick(group.Key, candidates, pairs);
            result.Add(new OwnedProducer(owner, owner.ServerId, candidates.Select(r => r.ServerId).ToList()));
        }

        return result;
    }

    /// <summary>The live rows that lose to another server's row of the same producer: what roll-ups must not count again.</summary>
    public static IReadOnlyList<ProducerState> Shadowed(IEnumerable<ProducerState> rows, IEnumerable<Lease> leases)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var live = rows.Where(r => !r.Deleted).ToList();
        var owners = Resolve(live, leases).ToDictionary(o => o.Row.ProducerId, o => o.Owner, StringComparer.Ordinal);
        return [.. live.Where(r => !string.Equals(owners[r.ProducerId], r.ServerId, StringComparison.Ordinal))];
    }

    /// <summary>Health counts with each producer counted once, under its owner's row.</summary>
    public static HealthCounts Count(IEnumerable<OwnedProducer> producers)
    {
        ArgumentNullException.ThrowIfNull(producers);
        var counts = HealthCounts.Zero;
        foreach (var p in producers)
        {
            counts = counts.Add(p.Row.Health, 1);
        }

        return counts;
    }

    /// <summary>
    /// Between two servers of a pair the holder of the lease that covers the producer wins: when both servers are
    /// primaries of each other, the lease of the one whose subtree roots the producer id (ids are rooted at the server id).
    /// </summary>
    private static ProducerState Pick(string producerId, List<ProducerState> candidates, ILookup<(string, string), Lease> pairs)
    {
        foreach (var a in candidates)
        {
            foreach (var b in candidates)
            {
                var covering = pairs[Key(a.ServerId, b.ServerId)]
                    .OrderByDescending(l => producerId == l.PrimaryId || producerId.StartsWith(l.PrimaryId + ".", StringComparison.Ordinal))
                    .FirstOrDefault();
                if (covering is not null && candidates.FirstOrDefault(r => string.Equals(r.ServerId, covering.HolderId, StringComparison.Ordinal)) is { } held)
                {
                    return held;
                }
            }
        }

        return candidates.OrderByDescending(r => r.CentralTimestamp).ThenBy(r => r.ServerId, StringComparer.Ordinal).First();
    }

    private static (string, string) Key(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
