namespace CloudStatus.Edge.Producers;

/// <summary>
/// Where producer adapters (push endpoint, pollers, simulator) deliver what they observe. Thread-safe and cheap:
/// the latest value per producer is buffered, nothing is written until the local management service decides to.
/// </summary>
public interface IObservationIntake
{
    void Post(in Observation observation);

    /// <summary>
    /// A switch's current set of reachable peer switches (E6); replaces the previous set. <paramref name="peerSwitchIds"/>,
    /// when the equipment says it, is every switch it checks (on any server of its site), reached or not; without it the
    /// peers are the server's other reporting switches and the ones reached.
    /// </summary>
    void PostConnectivity(string switchId, IReadOnlySet<string> reachableSwitchIds, IReadOnlySet<string>? peerSwitchIds = null);

    /// <summary>
    /// The producer announced itself (plugged in, booted, readdressed; docs/adr/0175): the adapter of this node that polls
    /// it polls it now instead of at its next interval. False when no adapter of this node polls it (an intake that only
    /// buffers, or a producer that pushes its own status).
    /// </summary>
    bool Announce(string producerId) => false;
}
