using System.Text.Json;
using CloudStatus.Core.Ownership;

namespace CloudStatus.Functions.Storage.Sqlite;

internal sealed class SqliteLeaseStore(SqliteCentralDatabase database) : ILeaseStore
{
    public Task<Lease?> GetAsync(string tenantId, string primaryId, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT doc FROM leases WHERE primary_id = $id AND tenant_id = $tenant";
            command.Parameters.AddWithValue("$id", primaryId);
            command.Parameters.AddWithValue("$tenant", tenantId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string doc
                ? SqliteDocuments.Read(doc, StoreJsonContext.Default.Lease)
                : null;
        }, cancellationToken);

    public Task<IReadOnlyList<Lease>> ListByTenantAsync(string tenantId, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<Lease>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT doc FROM leases WHERE tenant_id = $tenant ORDER BY primary_id";
            command.Parameters.AddWithValue("$tenant", tenantId);
            return await SqliteDocuments.ReadAllAsync(command, StoreJsonContext.Default.Lease, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<bool> TryWriteAsync(Lease lease, long? expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = expectedVersion is null
                ? "INSERT INTO leases (primary_id, tenant_id, version, doc) VALUES ($id, $tenant, $version, $doc) ON CONFLICT (primary_id) DO NOTHING"
                : "UPDATE leases SET version = $version, doc = $doc WHERE primary_id = $id AND tenant_id = $tenant AND version = $expected";
            command.Parameters.AddWithValue("$id", lease.PrimaryId);
            command.Parameters.AddWithValue("$tenant", lease.TenantId);
            command.Parameters.AddWithValue("$version", lease.Version);
            command.Parameters.AddWithValue("$expected", expectedVersion ?? -1);
            command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(lease, StoreJsonContext.Default.Lease));
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }, cancellationToken);
    }
}
