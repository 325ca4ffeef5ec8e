using CloudStatus.Edge.Producers;

namespace CloudStatus.Edge.Hosting;

/// <summary>
/// The intake adapters hold for the node's whole life: forwards to the running node's buffer, drops while the node
/// is stopped (a server that is down hears nothing).
/// </summary>
internal sealed class NodeIntake : IObservationIntake
{
    private volatile IObservationIntake? _target;

    public IObservationIntake? Target
    {
        get => _target;
        set => _target = value;
    }

    public void Post(in Observation observation) => _target?.Post(observation);

    public void PostConnectivity(string switchId, IReadOnlySet<string> reachableSwitchIds, IReadOnlySet<string>? peerSwitchIds = null) =>
        _target?.PostConnectivity(switchId, reachableSwitchIds, peerSwitchIds);
}
