using CloudStatus.Core.Addresses;

namespace CloudStatus.Functions.Storage;

/// <summary>
/// The address journal and master of each tenant (docs/adr/0110). Every change to a tenant's master goes through
/// <see cref="CommitAsync"/>: one atomic write, taken only if the tenant's master is still at the version it was
/// read at, so two reconcilers racing for one address cannot both win, and an item is dequeued exactly when its
/// outcome (entry or conflict) is written.
/// </summary>
internal interface IAddressStore
{
    /// <summary>Adds journal items; an item whose id is already queued is kept as it is.</summary>
    Task EnqueueAsync(IReadOnlyList<AddressClaim> items, CancellationToken cancellationToken = default);

    /// <summary>The tenant's master, its waiting journal items (oldest first) and its open conflicts, at one version.</summary>
    Task<AddressMaster> ReadMasterAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>Writes the commit atomically if the master is still at <see cref="AddressCommit.ExpectedVersion"/>; the new version, or null when another commit came first.</summary>
    Task<string?> CommitAsync(AddressCommit commit, CancellationToken cancellationToken = default);

    /// <summary>Every conflict of the tenant (open and resolved), newest first.</summary>
    Task<IReadOnlyList<AddressConflict>> ListConflictsAsync(string tenantId, CancellationToken cancellationToken = default);

    Task<AddressConflict?> GetConflictAsync(string tenantId, string conflictId, CancellationToken cancellationToken = default);
}

/// <summary>A tenant's address master as read at <see cref="Version"/> (null: nothing committed yet).</summary>
internal sealed record AddressMaster(
    string? Version,
    IReadOnlyList<AddressBinding> Bindings,
    IReadOnlyList<AddressClaim> Journal,
    IReadOnlyList<AddressConflict> OpenConflicts);

/// <summary>One atomic change of a tenant's master: entries and conflicts written, journal items removed.</summary>
internal sealed record AddressCommit
{
    public required string TenantId { get; init; }
    /// <summary>The version the master was read at; null: the tenant's first commit.</summary>
    public string? ExpectedVersion { get; init; }
    public IReadOnlyList<AddressBinding> Bindings { get; init; } = [];
    public IReadOnlyList<AddressConflict> Conflicts { get; init; } = [];
    public IReadOnlyList<string> Dequeue { get; init; } = [];
}
