using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Producers.Adapters;

namespace CloudStatus.Edge.Hosting;

/// <summary>
/// The intake adapters hold for the node's whole life: forwards to the running node's buffer, drops while the node
/// is stopped (a server that is down hears nothing). Announcements go to the running node's equipment adapters.
/// </summary>
internal sealed class NodeIntake : IObservationIntake
{
    private volatile IObservationIntake? _target;
    private volatile EquipmentSet? _equipment;

    public IObservationIntake? Target
    {
        get => _target;
        set => _target = value;
    }

    public EquipmentSet? Equipment
    {
        get => _equipment;
        set => _equipment = value;
    }

    public void Post(in Observation observation) => _target?.Post(observation);

    public void PostConnectivity(string switchId, IReadOnlySet<string> reachableSwitchIds, IReadOnlySet<string>? peerSwitchIds = null) =>
        _target?.PostConnectivity(switchId, reachableSwitchIds, peerSwitchIds);

    public bool Announce(string producerId) => _equipment?.Announce(producerId) ?? false;
}
