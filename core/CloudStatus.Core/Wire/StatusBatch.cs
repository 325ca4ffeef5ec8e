namespace CloudStatus.Core.Wire;

/// <summary>
/// StatusBatch v1: what one local server sends upstream. See docs/wire-format.md for the rules
/// (sequence ranges, epochs, splitting) and docs/statusbatch-v1.schema.json for the schema.
/// </summary>
public sealed record StatusBatch
{
    public string Schema { get; init; } = WireConstants.SchemaV1;
    public required string TenantId { get; init; }
    public required string SiteId { get; init; }
    public required string ServerId { get; init; }

    /// <summary>Changes whenever the server's heap restarts from empty; sequences restart with it.</summary>
    public required string Epoch { get; init; }

    /// <summary>First sequence of the inclusive range this batch covers.</summary>
    public required long SeqFrom { get; init; }

    /// <summary>
    /// Last sequence of the inclusive range this batch covers. Every record whose current sequence lies in
    /// [SeqFrom, SeqTo] is in the batch; sequences in the range that are absent were superseded by later writes.
    /// A heartbeat carries SeqFrom = SeqTo = the highest sequence sent so far.
    /// </summary>
    public required long SeqTo { get; init; }

    public required BatchKind Kind { get; init; }

    /// <summary>The server's local clock when the batch was built (never used for ordering).</summary>
    public required DateTimeOffset SentAt { get; init; }

    public IReadOnlyList<StatusRecord> Records { get; init; } = [];
    public IReadOnlyList<ConnectivityEntry> Connectivity { get; init; } = [];

    /// <summary>Present on heartbeats: the digest of the heap after everything up to SeqTo was sent.</summary>
    public HeapDigest? Digest { get; init; }

    /// <summary>Present on the first batch after connecting and whenever it changes (docs/adr/0121).</summary>
    public ServerRegistration? Registration { get; init; }

    /// <summary>
    /// The fencing token of the failover lease the sender reports under (docs/adr/0120), when it knows one: central
    /// refuses the batch if it is not the lease's current token. Absent: the sender speaks for its current grant.
    /// </summary>
    public long? Fence { get; init; }

    /// <summary>
    /// The fencing tokens of every failover lease the sender reports under, keyed by the lease's primary server id
    /// (docs/adr/0148): its own lease and each one it took over. Central refuses the whole batch when any of them is
    /// not that lease's current token. An entry for the sender itself means the same as <see cref="Fence"/>.
    /// </summary>
    public IReadOnlyDictionary<string, long>? Fences { get; init; }

    /// <summary>On every batch while the sender's peer link counts a server it covers lost (docs/adr/0147).</summary>
    public PeerLinkLoss? PeerLoss { get; init; }
}
