using CloudStatus.Edge.Producers;

namespace CloudStatus.Edge.Tests.Support;

/// <summary>An intake that only records what adapters post.</summary>
internal sealed class RecordingIntake : IObservationIntake
{
    private readonly Lock _gate = new();
    private readonly List<Observation> _observations = [];
    private readonly List<(string SwitchId, IReadOnlySet<string> Reachable)> _connectivity = [];
    private readonly List<IReadOnlySet<string>?> _peers = [];

    public IReadOnlyList<Observation> Observations
    {
        get
        {
            lock (_gate)
            {
                return [.. _observations];
            }
        }
    }

    public IReadOnlyList<(string SwitchId, IReadOnlySet<string> Reachable)> Connectivity
    {
        get
        {
            lock (_gate)
            {
                return [.. _connectivity];
            }
        }
    }

    /// <summary>The peers posted with each <see cref="Connectivity"/> entry (null when the equipment listed none).</summary>
    public IReadOnlyList<IReadOnlySet<string>?> Peers
    {
        get
        {
            lock (_gate)
            {
                return [.. _peers];
            }
        }
    }

    public void Post(in Observation observation)
    {
        lock (_gate)
        {
            _observations.Add(observation);
        }
    }

    public void PostConnectivity(string switchId, IReadOnlySet<string> reachableSwitchIds, IReadOnlySet<string>? peerSwitchIds = null)
    {
        lock (_gate)
        {
            _connectivity.Add((switchId, reachableSwitchIds));
            _peers.Add(peerSwitchIds);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _observations.Clear();
            _connectivity.Clear();
            _peers.Clear();
        }
    }
}
