using CloudStatus.Core.Ownership;
using Microsoft.Azure.Cosmos;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// Leases in <c>leases</c> (partition = tenant, id = primary server id). The compare-and-swap reads the stored
/// version and replaces on that read's ETag; a create that meets an existing item, or a replace that meets another
/// ETag, lost the race.
/// </summary>
internal sealed class CosmosLeaseStore(CosmosCentralDatabase database) : ILeaseStore
{
    public async Task<Lease?> GetAsync(string tenantId, string primaryId, CancellationToken cancellationToken = default)
    {
        var document = await database.ReadAsync(CosmosContainers.Leases, primaryId, tenantId, cancellationToken).ConfigureAwait(false);
        return document is { } d ? CosmosJson.Read(d.Body, StoreJsonContext.Default.Lease) : null;
    }

    public async Task<IReadOnlyList<Lease>> ListByTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var documents = await database.QueryAsync(
            CosmosContainers.Leases,
            tenantId,
            new QueryDefinition("SELECT * FROM c WHERE c.tenantId = @tenant").WithParameter("@tenant", tenantId),
            top: null,
            cancellationToken).ConfigureAwait(false);
        return [.. documents.Select(d => CosmosJson.Read(d.Body, StoreJsonContext.Default.Lease)).OrderBy(l => l.PrimaryId, StringComparer.Ordinal)];
    }

    public async Task<bool> TryWriteAsync(Lease lease, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var document = CosmosJson.ToObject(lease, StoreJsonContext.Default.Lease);
        document["id"] = lease.PrimaryId;
        if (expectedVersion is null)
        {
            var created = await database.CreateAsync(CosmosContainers.Leases, lease.TenantId, document, cancellationToken).ConfigureAwait(false);
            return created.Status == WriteStatus.Done;
        }

        var stored = await database.ReadAsync(CosmosContainers.Leases, lease.PrimaryId, lease.TenantId, cancellationToken).ConfigureAwait(false);
        if (stored is not { } s || CosmosJson.Read(s.Body, StoreJsonContext.Default.Lease).Version != expectedVersion)
        {
            return false;
        }

        var replaced = await database.ReplaceAsync(CosmosContainers.Leases, lease.PrimaryId, lease.TenantId, document, s.ETag, cancellationToken).ConfigureAwait(false);
        return replaced.Status == WriteStatus.Done;
    }
}
