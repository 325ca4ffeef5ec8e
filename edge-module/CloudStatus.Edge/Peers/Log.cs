using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Peers;

/// <summary>Peer-to-peer interface logs, event ids 1920–1939.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1920, Level = LogLevel.Warning, Message = "Peer request from {Remote} refused ({Reason}): {Detail}")]
    public static partial void PeerRequestRefused(ILogger logger, string remote, string reason, string detail);

    [LoggerMessage(EventId = 1921, Level = LogLevel.Debug, Message = "Peer {PeerId} asked {Path}: {Status}")]
    public static partial void PeerRequestAnswered(ILogger logger, string peerId, string path, int status);

    [LoggerMessage(EventId = 1922, Level = LogLevel.Information, Message = "Peer {PeerId} treated as absent for {Path} ({Reason})")]
    public static partial void PeerAbsent(ILogger logger, string peerId, string path, string reason);

    [LoggerMessage(EventId = 1923, Level = LogLevel.Warning, Message = "Peer link: failover peer {PeerId} missed {Misses} probes in a row; lost")]
    public static partial void PeerLost(ILogger logger, string peerId, int misses);

    [LoggerMessage(EventId = 1924, Level = LogLevel.Information, Message = "Peer link: failover peer {PeerId} answers again (version {Version})")]
    public static partial void PeerFound(ILogger logger, string peerId, string version);

    [LoggerMessage(EventId = 1925, Level = LogLevel.Information, Message = "Peer interface for {ServerId} listening on {Address}")]
    public static partial void PeerInterfaceListening(ILogger logger, string serverId, string address);

    [LoggerMessage(EventId = 1926, Level = LogLevel.Information, Message = "Neighbours from central: failover peer {Peer}, {Count} servers of the site")]
    public static partial void NeighboursUpdated(ILogger logger, string peer, int count);

    [LoggerMessage(EventId = 1928, Level = LogLevel.Information, Message = "Failover leases held, presented on every batch as fences: {Fences}")]
    public static partial void FencesHeld(ILogger logger, string fences);

    [LoggerMessage(EventId = 1970, Level = LogLevel.Information, Message = "Surrogate: learned {Count} switch entries of {ServerId} over the peer interface ({Ignored} not taken)")]
    public static partial void SurrogateLearned(ILogger logger, string serverId, int count, int ignored);

    [LoggerMessage(EventId = 1971, Level = LogLevel.Warning, Message = "Surrogate: holding the lease of {ServerId}, polling its {Count} switches")]
    public static partial void SurrogateStarted(ILogger logger, string serverId, int count);

    [LoggerMessage(EventId = 1972, Level = LogLevel.Information, Message = "Surrogate: the lease of {ServerId} was handed back; no longer polling its switches")]
    public static partial void SurrogateStopped(ILogger logger, string serverId);

    [LoggerMessage(EventId = 1927, Level = LogLevel.Warning, Message = "The neighbours central sent could not be read ({Error}); the last ones stay")]
    public static partial void NeighboursUnreadable(ILogger logger, string error);
}
