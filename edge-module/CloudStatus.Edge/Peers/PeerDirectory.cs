using CloudStatus.Core.Commands;

namespace CloudStatus.Edge.Peers;

/// <summary>
/// Who this server's neighbours are, as central last told it through the <c>neighbours</c> direct method
/// (docs/adr/0146). Until central has spoken, any holder of the site key may call; once it has, only the servers it
/// named. Thread-safe; read by the interface and the peer link.
/// </summary>
public sealed class PeerDirectory(string serverId, string? configuredPeer)
{
    private NeighboursRequest? _neighbours;

    public string ServerId { get; } = serverId;

    public NeighboursRequest? Neighbours => Volatile.Read(ref _neighbours);

    /// <summary>
    /// The server the peer link watches: the first one this server covers (takes over for), else its own failover peer
    /// (a duplexed pair covers each other), else the configured peer until central has spoken.
    /// </summary>
    public string? Watched => Neighbours is { } known ? known.Covers.FirstOrDefault() ?? known.FailoverPeer : configuredPeer;

    public string? AddressOf(string peerId) =>
        Neighbours?.Servers.FirstOrDefault(s => string.Equals(s.ServerId, peerId, StringComparison.Ordinal))?.LanAddress;

    /// <summary>True when <paramref name="peerId"/> may call this server.</summary>
    public bool MayCall(string peerId) =>
        Neighbours is not { } known || known.Servers.Any(s => string.Equals(s.ServerId, peerId, StringComparison.Ordinal));

    public void Update(NeighboursRequest neighbours)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        Volatile.Write(ref _neighbours, neighbours with { Servers = [.. neighbours.Servers.Where(s => s.ServerId != ServerId)] });
    }
}
