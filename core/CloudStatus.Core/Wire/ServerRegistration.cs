namespace CloudStatus.Core.Wire;

/// <summary>
/// What a local server tells central about itself (docs/adr/0121): sent on the first batch after it connects and on
/// the next batch whenever any of it changes. The batch's tenant and site are the server's.
/// </summary>
public sealed record ServerRegistration
{
    /// <summary>The edge module's version (informational version), for version skew across the fleet.</summary>
    public required string SoftwareVersion { get; init; }

    /// <summary>Capabilities: the producer adapters the server runs (e.g. <c>http</c>, <c>sip</c>, <c>icmp</c>).</summary>
    public IReadOnlyList<string> Adapters { get; init; } = [];

    /// <summary>Capabilities: the producer kinds it can manage.</summary>
    public IReadOnlyList<string> ProducerKinds { get; init; } = [];

    /// <summary>Roots of the producer subtrees it manages (a producer id and everything below it).</summary>
    public IReadOnlyList<string> Subtrees { get; init; } = [];

    /// <summary>The server that takes over its producers when it dies; null for none.</summary>
    public string? FailoverPeer { get; init; }

    /// <summary>Its peer-to-peer address on the site LAN (<c>host:port</c>); null when it has none.</summary>
    public string? LanAddress { get; init; }
}
