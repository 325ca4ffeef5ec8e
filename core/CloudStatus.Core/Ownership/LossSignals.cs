namespace CloudStatus.Core.Ownership;

/// <summary>The detection signal that fired a takeover, as recorded on the lease and in logs.</summary>
public static class LossSignals
{
    /// <summary>Central's heartbeat sweep found the primary unheard past the heartbeat timeout.</summary>
    public const string HeartbeatSweep = "heartbeat-sweep";

    /// <summary>The failover peer stopped getting answers from the primary over the site LAN (reported by the peer).</summary>
    public const string PeerLink = "peer-link";
}
