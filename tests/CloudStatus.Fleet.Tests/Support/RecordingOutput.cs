using CloudStatus.Edge.Producers;

namespace CloudStatus.Fleet.Tests.Support;

/// <summary>Records what the fleet reports, in order.</summary>
internal sealed class RecordingOutput : IFleetOutput
{
    private readonly Lock _gate = new();
    private readonly List<FleetObservation> _items = [];
    private readonly List<(int Server, string SwitchId, IReadOnlySet<string> Reachable)> _connectivity = [];

    public IReadOnlyList<FleetObservation> Items
    {
        get
        {
            lock (_gate)
            {
                return [.. _items];
            }
        }
    }

    public IReadOnlyList<Observation> Observations => [.. Items.Select(o => o.Observation)];

    public IReadOnlyList<(int Server, string SwitchId, IReadOnlySet<string> Reachable)> Links
    {
        get
        {
            lock (_gate)
            {
                return [.. _connectivity];
            }
        }
    }

    public void Observe(in FleetObservation observation)
    {
        lock (_gate)
        {
            _items.Add(observation);
        }
    }

    public void Connectivity(int server, string switchId, IReadOnlySet<string> reachableSwitchIds)
    {
        lock (_gate)
        {
            _connectivity.Add((server, switchId, reachableSwitchIds));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _items.Clear();
            _connectivity.Clear();
        }
    }
}
