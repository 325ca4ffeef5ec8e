using System.Text.Json;
using CloudStatus.Core.Wire;
using Microsoft.Data.Sqlite;

namespace CloudStatus.Functions.Storage.Sqlite;

internal sealed class SqliteViewStore(SqliteCentralDatabase database) : IViewStore
{
    public Task UpsertConnectivityAsync(string tenantId, string serverId, IReadOnlyCollection<ConnectivityEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return Task.CompletedTask;
        }

        return database.RunAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO connectivity (server_id, switch_id, tenant_id, doc) VALUES ($server, $switch, $tenant, $doc)
                ON CONFLICT (server_id, switch_id) DO UPDATE SET tenant_id = excluded.tenant_id, doc = excluded.doc
                """;
            var server = command.Parameters.Add("$server", SqliteType.Text);
            var switchId = command.Parameters.Add("$switch", SqliteType.Text);
            var tenant = command.Parameters.Add("$tenant", SqliteType.Text);
            var doc = command.Parameters.Add("$doc", SqliteType.Text);
            foreach (var entry in entries)
            {
                server.Value = serverId;
                switchId.Value = entry.SwitchId;
                tenant.Value = tenantId;
                doc.Value = JsonSerializer.Serialize(entry, StoreJsonContext.Default.ConnectivityEntry);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ConnectivityEntry>> GetConnectivityAsync(string serverId, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<ConnectivityEntry>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT doc FROM connectivity WHERE server_id = $server ORDER BY switch_id";
            command.Parameters.AddWithValue("$server", serverId);
            return await SqliteDocuments.ReadAllAsync(command, StoreJsonContext.Default.ConnectivityEntry, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task PutTenantViewAsync(TenantView view, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO tenant_views (tenant_id, doc) VALUES ($tenant, $doc)
                ON CONFLICT (tenant_id) DO UPDATE SET doc = excluded.doc
                """;
            command.Parameters.AddWithValue("$tenant", view.TenantId);
            command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(view, StoreJsonContext.Default.TenantView));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<TenantView?> GetTenantViewAsync(string tenantId, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT doc FROM tenant_views WHERE tenant_id = $tenant";
            command.Parameters.AddWithValue("$tenant", tenantId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string doc
                ? JsonSerializer.Deserialize(doc, StoreJsonContext.Default.TenantView)
                : null;
        }, cancellationToken);
}
