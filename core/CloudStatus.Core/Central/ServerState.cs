namespace CloudStatus.Core.Central;

/// <summary>
/// Central's row for one local server (= one IoT Edge device): where its heap stands (epoch, watermark, digest of
/// the live records central holds), whether it is heard from, and its ingest counters.
/// </summary>
public sealed record ServerState
{
    public required string ServerId { get; init; }
    public required string TenantId { get; init; }
    public required string SiteId { get; init; }
    public required string Epoch { get; init; }

    /// <summary>Every record with seq ≤ Watermark (in this epoch) has been applied.</summary>
    public long Watermark { get; init; }

    /// <summary>Live (non-deleted) producers central holds for this epoch.</summary>
    public long LiveCount { get; init; }

    /// <summary>Wrapping sum of <see cref="Core.Wire.DigestHash.Of"/> over the live producers central holds.</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(HexUInt64Converter))]
    public ulong DigestHash { get; init; }

    public HealthCounts Counts { get; init; } = HealthCounts.Zero;

    /// <summary>Producers marked stale by the sweep while the server was unheard; 0 once it is heard again.</summary>
    public long StaleCount { get; init; }

    public bool Online { get; init; }
    public required DateTimeOffset RegisteredAt { get; init; }

    /// <summary>Central time of the last batch of any kind (what the heartbeat sweep looks at).</summary>
    public DateTimeOffset? LastBatchAt { get; init; }

    public DateTimeOffset? LastHeartbeat { get; init; }

    /// <summary>Central clock minus the server's clock at the last heartbeat; exposed, never used for ordering.</summary>
    public double? ClockOffsetMs { get; init; }

    public long Batches { get; init; }
    public long Records { get; init; }
    public long Bytes { get; init; }

    /// <summary>Batches of this server refused by the fencing check (docs/adr/0120, 0148): applied nothing.</summary>
    public long FencedBatches { get; init; }

    /// <summary>The server's last registration and central's verdict on it (docs/adr/0121); null before the first.</summary>
    public RegistrationState? Registration { get; init; }

    /// <summary>
    /// What the server's peer link said on its last batch (docs/adr/0147): the server it lost on the LAN and since when;
    /// null while it sees its peer. A claim, not a verdict: the lease shows whether central believed it.
    /// </summary>
    public Wire.PeerLinkLoss? PeerLoss { get; init; }

    /// <summary>When central last told this server its leases again after refusing a token it presented (docs/adr/0170).</summary>
    public DateTimeOffset? FencesRetoldAt { get; init; }

    public DateTimeOffset? LastResyncRequestAt { get; init; }
    public long? LastResyncFromSeq { get; init; }
}
