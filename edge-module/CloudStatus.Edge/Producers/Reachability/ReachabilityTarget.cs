namespace CloudStatus.Edge.Producers.Reachability;

/// <summary>Anything with an address whose reachability the edge checks.</summary>
internal sealed class ReachabilityTarget
{
    public string ProducerId { get; set; } = string.Empty;
    public string Kind { get; set; } = string.Empty;
    public string? ParentId { get; set; }

    /// <summary>A literal IP address.</summary>
    public string Address { get; set; } = string.Empty;

    /// <summary>icmp (echo, falling back to TCP where ICMP is not allowed) or tcp.</summary>
    public ReachabilityMethod Method { get; set; } = ReachabilityMethod.Tcp;

    /// <summary>The TCP port to connect to (also the fallback of icmp); 0 = no TCP.</summary>
    public int Port { get; set; }
}

/// <summary>How a target is checked.</summary>
internal enum ReachabilityMethod
{
    Tcp,
    Icmp,
}
