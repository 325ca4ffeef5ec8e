using CloudStatus.Core.Central;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Consistency;

/// <summary>
/// What one batch changes, to be written in this order: events, producer rows, connectivity, the server row last
/// (a crash in between leaves the watermark behind, and a gap heals it). Every write is idempotent.
/// The remaining members say what the planner decided, for logs and metrics.
/// </summary>
public sealed record ApplyPlan
{
    /// <summary>The server's new row.</summary>
    public required ServerState Server { get; init; }

    public required IReadOnlyCollection<ProducerState> Writes { get; init; }
    public required IReadOnlyList<StatusEvent> Events { get; init; }
    public required IReadOnlyList<ConnectivityEntry> Connectivity { get; init; }

    /// <summary>Records of the batch newer than the stored ones.</summary>
    public required int Applied { get; init; }

    /// <summary>The resync to request now (past the cooldown), if any.</summary>
    public ResyncRequest? Resync { get; init; }

    /// <summary>A resync the batch called for but the cooldown held back.</summary>
    public ResyncRequest? ThrottledResync { get; init; }

    /// <summary>The batch registered a server never heard of.</summary>
    public bool Registered { get; init; }

    /// <summary>Set when the batch changed the server's epoch: the epoch it had.</summary>
    public string? PreviousEpoch { get; init; }

    /// <summary>Producers an epoch change marked deleted.</summary>
    public int EpochDeleted { get; init; }

    /// <summary>Live producers a resync batch deleted because it omits them from its range.</summary>
    public int ResyncDeleted { get; init; }

    /// <summary>The server was offline or had stale producers and is heard again.</summary>
    public bool CameOnline { get; init; }

    /// <summary>Delta records left unapplied because central does not hold their base (a resync asks for them whole).</summary>
    public int MissingBase { get; init; }

    /// <summary>Set when a digest mismatch made the planner recount central's digest from every stored row.</summary>
    public DigestRecount? Recount { get; init; }
}
