using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Connectivity;

/// <summary>
/// E6: a switch's reachability of its peers travels as the shorter of two lists — the peers it cannot reach
/// (<see cref="ConnectivityMode.Disconnected"/>) or the peers it can reach (<see cref="ConnectivityMode.Connected"/>).
/// In a healthy network the disconnected list is empty, so the common entry costs a few bytes.
/// </summary>
public static class ConnectivityOptimizer
{
    /// <summary>
    /// Builds the optimized entry for <paramref name="switchId"/>. The peers are the other switches of the same
    /// server (the switch itself is skipped if present; peers are expected distinct, duplicates are listed once).
    /// Mode is <see cref="ConnectivityMode.Disconnected"/> with the unreachable peers when that list is no longer
    /// than the reachable one (ties go to disconnected), else <see cref="ConnectivityMode.Connected"/> with the
    /// reachable peers. The list is sorted ordinally so equal reachability always gives an equal entry.
    /// Ids in <paramref name="reachable"/> that are not peers are ignored.
    /// </summary>
    public static ConnectivityEntry Optimize(string switchId, IReadOnlyCollection<string> peerSwitchIds, IReadOnlySet<string> reachable)
    {
        ArgumentNullException.ThrowIfNull(switchId);
        ArgumentNullException.ThrowIfNull(peerSwitchIds);
        ArgumentNullException.ThrowIfNull(reachable);

        var reachableCount = 0;
        var unreachableCount = 0;
        foreach (var peer in peerSwitchIds)
        {
            if (IsSelf(peer, switchId))
            {
                continue;
            }

            if (reachable.Contains(peer))
            {
                reachableCount++;
            }
            else
            {
                unreachableCount++;
            }
        }

        var mode = unreachableCount <= reachableCount ? ConnectivityMode.Disconnected : ConnectivityMode.Connected;
        var listReachable = mode == ConnectivityMode.Connected;
        var count = listReachable ? reachableCount : unreachableCount;
        if (count == 0)
        {
            return new ConnectivityEntry { SwitchId = switchId, Mode = mode, Switches = [] };
        }

        var list = new string[count];
        var n = 0;
        foreach (var peer in peerSwitchIds)
        {
            if (!IsSelf(peer, switchId) && reachable.Contains(peer) == listReachable)
            {
                list[n++] = peer;
            }
        }

        Array.Sort(list, StringComparer.Ordinal);
        var distinct = Deduplicate(list);
        return new ConnectivityEntry { SwitchId = switchId, Mode = mode, Switches = distinct };
    }

    /// <summary>
    /// The inverse of <see cref="Optimize"/>: the set of switches <paramref name="entry"/>'s switch can reach.
    /// Disconnected: every peer not listed. Connected: the listed switches (a listed switch is reachable even if
    /// it is not among <paramref name="peerSwitchIds"/>). The switch itself is never in the result.
    /// </summary>
    public static IReadOnlySet<string> ReachableFrom(ConnectivityEntry entry, IReadOnlyCollection<string> peerSwitchIds)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(peerSwitchIds);

        var result = new HashSet<string>(StringComparer.Ordinal);
        if (entry.Mode == ConnectivityMode.Connected)
        {
            foreach (var id in entry.Switches)
            {
                if (!IsSelf(id, entry.SwitchId))
                {
                    result.Add(id);
                }
            }

            return result;
        }

        foreach (var peer in peerSwitchIds)
        {
            if (!IsSelf(peer, entry.SwitchId))
            {
                result.Add(peer);
            }
        }

        foreach (var id in entry.Switches)
        {
            result.Remove(id);
        }

        return result;
    }

    private static bool IsSelf(string peer, string switchId) => string.Equals(peer, switchId, StringComparison.Ordinal);

    private static string[] Deduplicate(string[] sorted)
    {
        var write = 1;
        for (var read = 1; read < sorted.Length; read++)
        {
            if (!string.Equals(sorted[read], sorted[write - 1], StringComparison.Ordinal))
            {
                sorted[write++] = sorted[read];
            }
        }

        return write == sorted.Length ? sorted : sorted[..write];
    }
}
