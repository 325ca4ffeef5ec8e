using CloudStatus.Core.Ownership;

namespace CloudStatus.Functions.Storage;

/// <summary>
/// Failover leases (docs/adr/0120), one per primary server, partitioned by tenant. Every write is a compare-and-swap
/// on <see cref="Lease.Version"/>, so two central instances deciding from the same read never both win.
/// </summary>
public interface ILeaseStore
{
    Task<Lease?> GetAsync(string tenantId, string primaryId, CancellationToken cancellationToken = default);

    /// <summary>Every lease of one tenant, ordered by primary id.</summary>
    Task<IReadOnlyList<Lease>> ListByTenantAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="lease"/> if the stored one still has <paramref name="expectedVersion"/> (null: only if
    /// none is stored). False, with nothing written, when another writer got there first: read again and decide again.
    /// </summary>
    Task<bool> TryWriteAsync(Lease lease, long? expectedVersion, CancellationToken cancellationToken = default);
}
