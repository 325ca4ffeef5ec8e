namespace CloudStatus.Edge.Peers;

/// <summary>
/// Who this server's neighbours are, as central last told it (docs/adr/0146). Until central has spoken, any holder of
/// the site key may call; once it has, only the servers it named. Thread-safe; read by the interface and the link.
/// </summary>
public sealed class PeerDirectory(string serverId, string? configuredPeer)
{
    private PeerNeighbours? _neighbours;

    public string ServerId { get; } = serverId;

    public PeerNeighbours? Neighbours => Volatile.Read(ref _neighbours);

    /// <summary>Central's failover peer when it named one, else the configured one.</summary>
    public string? FailoverPeer => Neighbours?.FailoverPeer ?? configuredPeer;

    /// <summary>The failover peer's LAN address, once central told it.</summary>
    public string? FailoverPeerAddress => FailoverPeer is { } peer ? AddressOf(peer) : null;

    public string? AddressOf(string peerId) =>
        Neighbours?.Servers.FirstOrDefault(s => string.Equals(s.ServerId, peerId, StringComparison.Ordinal))?.LanAddress;

    /// <summary>True when <paramref name="peerId"/> may call this server.</summary>
    public bool MayCall(string peerId) =>
        Neighbours is not { } known || known.Servers.Any(s => string.Equals(s.ServerId, peerId, StringComparison.Ordinal));

    public void Update(PeerNeighbours neighbours)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        Volatile.Write(ref _neighbours, neighbours with { Servers = [.. neighbours.Servers.Where(s => s.ServerId != ServerId)] });
    }
}
