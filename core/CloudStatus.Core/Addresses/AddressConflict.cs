namespace CloudStatus.Core.Addresses;

/// <summary>
/// A backed-out journal item: what the newcomer claimed, who holds it in the master (none for a refused address),
/// and how it was resolved. Its id is derived from the journal item's, so a replayed back-out writes the same record.
/// </summary>
public sealed record AddressConflict
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public required string SiteId { get; init; }

    /// <summary><see cref="ConflictKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The address in dispute as claimed (an IP, a MAC, or the malformed text).</summary>
    public required string Address { get; init; }

    public string? Network { get; init; }

    /// <summary>The producer that claimed the address (flagged <c>conflict</c>; its master entry is left as it was).</summary>
    public required ProducerRef Newcomer { get; init; }

    /// <summary>The producer the master gives the address to; null when the claim was refused on its own.</summary>
    public ProducerRef? Holder { get; init; }

    /// <summary>The whole claim that was backed out.</summary>
    public required AddressClaim Claim { get; init; }

    public required string Reason { get; init; }
    public required DateTimeOffset DetectedAt { get; init; }

    /// <summary><see cref="ConflictStatuses"/>.</summary>
    public required string Status { get; init; }

    /// <summary>Auto resolution: the address picked for the newcomer (reserved while the conflict is open).</summary>
    public string? NewAddress { get; init; }

    /// <summary>Auto resolution: why the last attempt did not finish (pool exhausted, device or router refused); retried each pass.</summary>
    public string? Failure { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>How it was resolved, e.g. <c>readdressed to 10.1.0.9</c> or an operator's note.</summary>
    public string? Resolution { get; init; }

    /// <summary>Who resolved it: <c>auto</c> or the operator's name.</summary>
    public string? ResolvedBy { get; init; }

    /// <summary>Auto resolution: the ids of the <c>address</c> commands that told the site's servers and the duplexed peer (docs/adr/0150).</summary>
    public IReadOnlyList<string>? Notices { get; init; }

    public static string IdFor(string itemId) => "c-" + itemId;
}

/// <summary>A producer by its server and id.</summary>
public sealed record ProducerRef(string ServerId, string ProducerId);

public static class ConflictKinds
{
    /// <summary>The IP is held by another producer in the same network.</summary>
    public const string Ip = "ip";

    /// <summary>The MAC is held by another producer of the tenant.</summary>
    public const string Mac = "mac";

    /// <summary>The address is malformed or in none of the site's networks.</summary>
    public const string Invalid = "invalid";
}

public static class ConflictStatuses
{
    public const string Open = "open";
    public const string Resolved = "resolved";
}
