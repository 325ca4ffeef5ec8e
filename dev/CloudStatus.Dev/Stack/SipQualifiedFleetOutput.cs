using CloudStatus.Fleet;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// With <c>--sip-phones</c>: the phones that the edge nodes qualify over SIP no longer report in-process (their SIP
/// answers are their only voice); everything else passes through.
/// </summary>
internal sealed class SipQualifiedFleetOutput(IFleetOutput inner, IReadOnlySet<string> qualified) : IFleetOutput
{
    public void Observe(in FleetObservation observation)
    {
        if (!qualified.Contains(observation.Observation.ProducerId))
        {
            inner.Observe(observation);
        }
    }

    public void Connectivity(int server, string switchId, IReadOnlySet<string> reachableSwitchIds) =>
        inner.Connectivity(server, switchId, reachableSwitchIds);
}
