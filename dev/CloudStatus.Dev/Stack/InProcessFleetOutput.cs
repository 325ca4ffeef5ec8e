using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers;
using CloudStatus.Fleet;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// What the simulated fleet still hands to the edge in process: everything but the switches, whose status and
/// connectivity the edge polls through the HTTP management adapter (each switch's own loopback endpoint). With
/// <paramref name="partnerOf"/> (duplexed pairs) the other server of the pair sees the same equipment too.
/// </summary>
internal sealed class InProcessFleetOutput(Func<int, IObservationIntake?> intakeOf, Func<int, IObservationIntake?>? partnerOf = null) : IFleetOutput
{
    public void Observe(in FleetObservation observation)
    {
        if (!ProducerKind.IsSwitch(observation.Observation.Kind))
        {
            intakeOf(observation.Server)?.Post(observation.Observation);
            partnerOf?.Invoke(observation.Server)?.Post(observation.Observation);
        }
    }

    public void Connectivity(int server, string switchId, IReadOnlySet<string> reachableSwitchIds)
    {
    }
}
