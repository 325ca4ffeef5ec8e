using CloudStatus.Fleet;

namespace CloudStatus.Bench.Fleet;

/// <summary>
/// The fleet's reports of one simulated second, in order, so the runner hands the very same ones to CloudStatus and to
/// every baseline. The bench's fleet reports no connectivity (<see cref="FleetSpec.ReportConnectivity"/> is off): the
/// baselines do not model it.
/// </summary>
internal sealed class CollectedObservations : IFleetOutput
{
    public List<FleetObservation> Items { get; } = [];

    public void Observe(in FleetObservation observation) => Items.Add(observation);

    public void Connectivity(int server, string switchId, IReadOnlySet<string> reachableSwitchIds) =>
        throw new InvalidOperationException("The bench's fleet is not meant to report connectivity: no baseline models it.");
}
