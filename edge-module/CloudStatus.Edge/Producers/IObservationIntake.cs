namespace CloudStatus.Edge.Producers;

/// <summary>
/// Where producer adapters (push endpoint, pollers, simulator) deliver what they observe. Thread-safe and cheap:
/// the latest value per producer is buffered, nothing is written until the local management service decides to.
/// </summary>
public interface IObservationIntake
{
    void Post(in Observation observation);

    /// <summary>A switch's current set of reachable peer switches (E6); replaces the previous set.</summary>
    void PostConnectivity(string switchId, IReadOnlySet<string> reachableSwitchIds);
}
