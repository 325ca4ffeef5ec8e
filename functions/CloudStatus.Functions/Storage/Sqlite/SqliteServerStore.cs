using System.Text.Json;
using CloudStatus.Core.Buffers;
using CloudStatus.Core.Central;
using Microsoft.Data.Sqlite;

namespace CloudStatus.Functions.Storage.Sqlite;

internal sealed class SqliteServerStore(SqliteCentralDatabase database) : IServerStore
{
    public Task<ServerState?> GetAsync(string serverId, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT doc FROM servers WHERE server_id = $id";
            command.Parameters.AddWithValue("$id", serverId);
            return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string doc ? Read(doc) : null;
        }, cancellationToken);

    public Task UpsertAsync(ServerState server, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            // Once per batch: the document goes as UTF-8 from a pooled buffer, not as a string (docs/adr/0185).
            using var doc = new PooledBufferWriter(2048);
            await using (var writer = new Utf8JsonWriter(doc))
            {
                JsonSerializer.Serialize(writer, server, StoreJsonContext.Default.ServerState);
            }

            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO servers (server_id, tenant_id, doc) VALUES ($id, $tenant, CAST(substr($doc, 1, $length) AS TEXT))
                ON CONFLICT (server_id) DO UPDATE SET tenant_id = excluded.tenant_id, doc = excluded.doc
                WHERE COALESCE(json_extract(servers.doc, '$.batches'), 0) <= COALESCE(json_extract(excluded.doc, '$.batches'), 0)
                """;
            command.Parameters.AddWithValue("$id", server.ServerId);
            command.Parameters.AddWithValue("$tenant", server.TenantId);
            command.Parameters.Add("$doc", SqliteType.Blob).Value = doc.Buffer;
            command.Parameters.Add("$length", SqliteType.Integer).Value = doc.WrittenCount;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<ServerState>> ListByTenantAsync(string tenantId, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<ServerState>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT doc FROM servers WHERE tenant_id = $tenant ORDER BY server_id";
            command.Parameters.AddWithValue("$tenant", tenantId);
            return await SqliteDocuments.ReadAllAsync(command, StoreJsonContext.Default.ServerState, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<ServerState>> ListByTenantAsync(string tenantId, ServerFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return database.RunAsync<IReadOnlyList<ServerState>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            var sql = "SELECT doc FROM servers WHERE tenant_id = $tenant";
            if (filter.SiteId is { } site)
            {
                sql += " AND json_extract(doc, '$.siteId') = $site";
                command.Parameters.AddWithValue("$site", site);
            }

            if (filter.Online is { } online)
            {
                sql += " AND COALESCE(json_extract(doc, '$.online'), 0) = $online";
                command.Parameters.AddWithValue("$online", online ? 1 : 0);
            }

            command.CommandText = sql + " ORDER BY server_id";
            command.Parameters.AddWithValue("$tenant", tenantId);
            return await SqliteDocuments.ReadAllAsync(command, StoreJsonContext.Default.ServerState, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<string>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT DISTINCT tenant_id FROM servers ORDER BY tenant_id";
            var result = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(reader.GetString(0));
            }

            return result;
        }, cancellationToken);

    private static ServerState Read(string doc) => SqliteDocuments.Read(doc, StoreJsonContext.Default.ServerState);
}
