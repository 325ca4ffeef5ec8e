using CloudStatus.Edge.Producers;

namespace CloudStatus.Fleet;

/// <summary>Hands each server's reports to that server's edge intake (<paramref name="intakeOf"/> by server index; null drops).</summary>
public sealed class IntakeFleetOutput(Func<int, IObservationIntake?> intakeOf) : IFleetOutput
{
    public void Observe(in FleetObservation observation) => intakeOf(observation.Server)?.Post(observation.Observation);

    public void Connectivity(int server, string switchId, IReadOnlySet<string> reachableSwitchIds) =>
        intakeOf(server)?.PostConnectivity(switchId, reachableSwitchIds);
}
