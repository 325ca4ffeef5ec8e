namespace CloudStatus.Fleet;

/// <summary>Where the simulated equipment reports: the edge nodes' intakes (dev stack, tests) or the benchmark's counters.</summary>
public interface IFleetOutput
{
    void Observe(in FleetObservation observation);

    /// <summary>A switch of server <paramref name="server"/> reaches exactly <paramref name="reachableSwitchIds"/>.</summary>
    void Connectivity(int server, string switchId, IReadOnlySet<string> reachableSwitchIds);

    /// <summary>Equipment was plugged in on server <paramref name="server"/> (its first observation was just emitted).</summary>
    void Plugged(int server, string producerId, string kind)
    {
    }
}
