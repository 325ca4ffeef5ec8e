namespace CloudStatus.Core.Ownership;

/// <summary>
/// Central's grant of responsibility for one primary server's producers (docs/adr/0120): who holds it and the fencing
/// token of the grant. The token only grows, by one per change of holder; a write presenting an older token is refused.
/// </summary>
public sealed record Lease
{
    public required string TenantId { get; init; }

    /// <summary>The server whose producers the lease covers (also the store key).</summary>
    public required string PrimaryId { get; init; }

    /// <summary>The primary's configured failover peer.</summary>
    public required string PeerId { get; init; }

    /// <summary>The server that may report the primary's producers now: the primary or its peer.</summary>
    public required string HolderId { get; init; }

    /// <summary>The fencing token: starts at 1, grows by one each time the holder changes.</summary>
    public required long Token { get; init; }

    public required LeasePhase Phase { get; init; }

    /// <summary>Optimistic-concurrency version of the stored row, bumped by every write (holder change or not).</summary>
    public long Version { get; init; }

    /// <summary>Central time of the last change.</summary>
    public required DateTimeOffset ChangedAt { get; init; }

    /// <summary>What made the last takeover happen (<see cref="LossSignals"/>); null before the first.</summary>
    public string? Signal { get; init; }

    /// <summary>While handing back: when central first heard the primary again.</summary>
    public DateTimeOffset? PrimaryHeardSince { get; init; }

    public long Takeovers { get; init; }
    public long Handbacks { get; init; }
}
