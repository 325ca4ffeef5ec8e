using CloudStatus.Core.Connectivity;
using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Heap;

/// <summary>
/// Holds each switch's latest reachable peer set (E6) and the optimized entry last acknowledged upstream, so a batch
/// carries only the entries of switches whose optimized list changed. A switch's peers are the server's other switches
/// that report connectivity, the switches it reaches, and every switch its equipment says it checks: so a switch on
/// another server of the site that it cannot reach is listed (disconnected mode) and the site's matrix shows the pair.
/// </summary>
internal sealed class ConnectivityTracker
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlySet<string>> _reachable = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlySet<string>> _declaredPeers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConnectivityEntry> _acknowledged = new(StringComparer.Ordinal);
    private IReadOnlyList<ConnectivityEntry> _current = [];
    private bool _dirty;

    /// <summary>Replaces a switch's reachable set and, when given, the peers its equipment checks.</summary>
    public void Update(string switchId, IReadOnlySet<string> reachableSwitchIds, IReadOnlySet<string>? peerSwitchIds = null)
    {
        ArgumentNullException.ThrowIfNull(reachableSwitchIds);
        lock (_gate)
        {
            var samePeers = _declaredPeers.TryGetValue(switchId, out var previousPeers)
                ? peerSwitchIds is not null && previousPeers.SetEquals(peerSwitchIds)
                : peerSwitchIds is null;
            if (samePeers && _reachable.TryGetValue(switchId, out var previous) && previous.SetEquals(reachableSwitchIds))
            {
                return;
            }

            _reachable[switchId] = reachableSwitchIds;
            if (peerSwitchIds is null)
            {
                _declaredPeers.Remove(switchId);
            }
            else
            {
                _declaredPeers[switchId] = peerSwitchIds;
            }

            _dirty = true;
        }
    }

    /// <summary>Forgets a switch (deleted): it leaves the peer lists of the others.</summary>
    public void Remove(string switchId)
    {
        lock (_gate)
        {
            if (_reachable.Remove(switchId))
            {
                _declaredPeers.Remove(switchId);
                _acknowledged.Remove(switchId);
                _dirty = true;
            }
        }
    }

    /// <summary>Entries that differ from what was last acknowledged.</summary>
    public IReadOnlyList<ConnectivityEntry> Pending()
    {
        lock (_gate)
        {
            var result = new List<ConnectivityEntry>();
            foreach (var entry in CurrentLocked())
            {
                if (!_acknowledged.TryGetValue(entry.SwitchId, out var sent) || !SameEntry(sent, entry))
                {
                    result.Add(entry);
                }
            }

            return result;
        }
    }

    /// <summary>Every switch's current entry (for a full resync).</summary>
    public IReadOnlyList<ConnectivityEntry> All()
    {
        lock (_gate)
        {
            return CurrentLocked();
        }
    }

    /// <summary>Records that these entries reached the hub.</summary>
    public void Acknowledge(IReadOnlyList<ConnectivityEntry> entries)
    {
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                if (_reachable.ContainsKey(entry.SwitchId))
                {
                    _acknowledged[entry.SwitchId] = entry;
                }
            }
        }
    }

    private IReadOnlyList<ConnectivityEntry> CurrentLocked()
    {
        if (!_dirty)
        {
            return _current;
        }

        var switches = _reachable.Keys.Order(StringComparer.Ordinal).ToArray();
        var entries = new List<ConnectivityEntry>(switches.Length);
        foreach (var switchId in switches)
        {
            var peers = new HashSet<string>(switches, StringComparer.Ordinal);
            peers.UnionWith(_reachable[switchId]);
            if (_declaredPeers.TryGetValue(switchId, out var declared))
            {
                peers.UnionWith(declared);
            }

            peers.Remove(switchId);
            entries.Add(ConnectivityOptimizer.Optimize(switchId, peers, _reachable[switchId]));
        }

        _current = entries;
        _dirty = false;
        return entries;
    }

    private static bool SameEntry(ConnectivityEntry a, ConnectivityEntry b) =>
        a.Mode == b.Mode && a.Switches.SequenceEqual(b.Switches, StringComparer.Ordinal);
}
