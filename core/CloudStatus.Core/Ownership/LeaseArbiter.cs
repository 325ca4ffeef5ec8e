namespace CloudStatus.Core.Ownership;

/// <summary>
/// Central's arbiter of who reports a primary's producers (docs/adr/0120). Pure: each step takes the stored lease and
/// what central observed, and returns the lease to store (conditional on the version read) and what changed.
/// A takeover and a handback each move the holder and grow the fencing token by one; nothing else does.
/// </summary>
public static class LeaseArbiter
{
    /// <summary>The first lease of a primary/peer pair: the primary holds it with token 1.</summary>
    public static Lease Create(string tenantId, string primaryId, string peerId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        ArgumentException.ThrowIfNullOrEmpty(primaryId);
        ArgumentException.ThrowIfNullOrEmpty(peerId);
        if (string.Equals(primaryId, peerId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Server '{primaryId}' cannot be its own failover peer.", nameof(peerId));
        }

        return new Lease
        {
            TenantId = tenantId,
            PrimaryId = primaryId,
            PeerId = peerId,
            HolderId = primaryId,
            Token = 1,
            Phase = LeasePhase.Primary,
            ChangedAt = now,
        };
    }

    /// <summary>
    /// The primary is lost (<paramref name="signal"/> says how central knows). The peer takes over with the next
    /// token; a handback in progress is aborted (the peer still holds). Nothing changes when the peer already holds.
    /// </summary>
    public static LeaseTransition PrimaryLost(Lease lease, DateTimeOffset now, string signal)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentException.ThrowIfNullOrEmpty(signal);
        return lease.Phase switch
        {
            LeasePhase.Primary => new(
                lease with
                {
                    HolderId = lease.PeerId,
                    Token = lease.Token + 1,
                    Phase = LeasePhase.TakenOver,
                    Version = lease.Version + 1,
                    ChangedAt = now,
                    Signal = signal,
                    PrimaryHeardSince = null,
                    Takeovers = lease.Takeovers + 1,
                },
                LeaseChange.TakenOver),
            LeasePhase.HandingBack => new(
                lease with { Phase = LeasePhase.TakenOver, Version = lease.Version + 1, ChangedAt = now, PrimaryHeardSince = null },
                LeaseChange.HandbackAborted),
            _ => new(lease, LeaseChange.None),
        };
    }

    /// <summary>
    /// The failover peer reports the primary gone over the site LAN. Central confirms with its own view: the takeover
    /// is granted only when central has not heard the primary for <paramref name="suspectAfter"/> either, so a cut LAN
    /// between two servers that both reach central never moves the lease.
    /// </summary>
    public static LeaseTransition PeerReportedLoss(Lease lease, DateTimeOffset now, DateTimeOffset? primaryLastHeard, TimeSpan suspectAfter)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return primaryLastHeard is { } heard && now - heard < suspectAfter
            ? new(lease, LeaseChange.None)
            : PrimaryLost(lease, now, LossSignals.PeerLink);
    }

    /// <summary>
    /// The primary is heard (a batch reached central). While its peer holds the lease the handback starts; once the
    /// primary has been heard for <paramref name="holdoff"/> without being lost again, it gets the lease back with the
    /// next token (central then asks it for a full resync, so its heap, not the peer's, is what central holds).
    /// </summary>
    public static LeaseTransition PrimaryHeard(Lease lease, DateTimeOffset now, TimeSpan holdoff)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (lease.Phase == LeasePhase.Primary)
        {
            return new(lease, LeaseChange.None);
        }

        var since = lease.Phase == LeasePhase.HandingBack ? lease.PrimaryHeardSince ?? now : now;
        if (now - since >= holdoff)
        {
            return new(
                lease with
                {
                    HolderId = lease.PrimaryId,
                    Token = lease.Token + 1,
                    Phase = LeasePhase.Primary,
                    Version = lease.Version + 1,
                    ChangedAt = now,
                    PrimaryHeardSince = null,
                    Handbacks = lease.Handbacks + 1,
                },
                LeaseChange.HandedBack);
        }

        return lease.Phase == LeasePhase.TakenOver
            ? new(lease with { Phase = LeasePhase.HandingBack, Version = lease.Version + 1, ChangedAt = now, PrimaryHeardSince = now }, LeaseChange.HandbackStarted)
            : new(lease, LeaseChange.None);
    }

    /// <summary>
    /// May <paramref name="senderId"/> write records for the lease's producers? Only the holder, and only with the
    /// current token when it presents one (a server that presents none speaks for its current grant).
    /// </summary>
    public static FenceRefusal Admit(Lease lease, string senderId, long? presentedToken = null)
    {
        ArgumentNullException.ThrowIfNull(lease);
        if (!string.Equals(senderId, lease.PrimaryId, StringComparison.Ordinal) && !string.Equals(senderId, lease.PeerId, StringComparison.Ordinal))
        {
            return FenceRefusal.Stranger;
        }

        if (presentedToken is { } token && token != lease.Token)
        {
            return FenceRefusal.StaleToken;
        }

        return string.Equals(senderId, lease.HolderId, StringComparison.Ordinal) ? FenceRefusal.None : FenceRefusal.NotHolder;
    }
}
