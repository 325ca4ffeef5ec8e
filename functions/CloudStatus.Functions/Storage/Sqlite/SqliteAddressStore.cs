using System.Globalization;
using System.Text.Json;
using CloudStatus.Core.Addresses;
using Microsoft.Data.Sqlite;

namespace CloudStatus.Functions.Storage.Sqlite;

/// <summary>The address journal and master in the embedded store: a commit is one <c>BEGIN IMMEDIATE</c> transaction that checks the tenant's version first.</summary>
internal sealed class SqliteAddressStore(SqliteCentralDatabase database) : IAddressStore
{
    public Task EnqueueAsync(IReadOnlyList<AddressClaim> items, CancellationToken cancellationToken = default) =>
        items.Count == 0 ? Task.CompletedTask : database.RunAsync(async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            foreach (var item in items)
            {
                await using var sql = connection.CreateCommand();
                sql.Transaction = transaction;
                sql.CommandText = "INSERT OR IGNORE INTO address_journal (tenant_id, item_id, at_ticks, doc) VALUES ($t, $id, $at, $doc)";
                sql.Parameters.AddWithValue("$t", item.TenantId);
                sql.Parameters.AddWithValue("$id", item.Id);
                sql.Parameters.AddWithValue("$at", item.At.UtcTicks);
                sql.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(item, AddressJsonContext.Default.AddressClaim));
                await sql.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<AddressMaster> ReadMasterAsync(string tenantId, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            // One read transaction: the version and the rows it stands for.
            await using var transaction = connection.BeginTransaction(deferred: true);
            var version = await VersionAsync(connection, transaction, tenantId, cancellationToken).ConfigureAwait(false);
            var bindings = await ReadDocsAsync(connection, transaction, "SELECT doc FROM address_bindings WHERE tenant_id = $t ORDER BY server_id, producer_id", tenantId, AddressJsonContext.Default.AddressBinding, cancellationToken).ConfigureAwait(false);
            var journal = await ReadDocsAsync(connection, transaction, "SELECT doc FROM address_journal WHERE tenant_id = $t ORDER BY at_ticks, item_id", tenantId, AddressJsonContext.Default.AddressClaim, cancellationToken).ConfigureAwait(false);
            var open = await ReadDocsAsync(connection, transaction, "SELECT doc FROM address_conflicts WHERE tenant_id = $t AND open = 1 ORDER BY detected_ticks, conflict_id", tenantId, AddressJsonContext.Default.AddressConflict, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new AddressMaster(version?.ToString(CultureInfo.InvariantCulture), bindings, journal, open);
        }, cancellationToken);

    public Task<string?> CommitAsync(AddressCommit commit, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            await using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            var committed = false;
            try
            {
                var version = await VersionAsync(connection, null, commit.TenantId, cancellationToken).ConfigureAwait(false);
                if (version?.ToString(CultureInfo.InvariantCulture) != commit.ExpectedVersion)
                {
                    return null;
                }

                var next = (version ?? 0) + 1;
                await ExecuteAsync(connection, "INSERT INTO address_ledger (tenant_id, version) VALUES ($t, $v) ON CONFLICT (tenant_id) DO UPDATE SET version = $v",
                    cancellationToken, ("$t", commit.TenantId), ("$v", next)).ConfigureAwait(false);
                foreach (var binding in commit.Bindings)
                {
                    await ExecuteAsync(connection, "INSERT OR REPLACE INTO address_bindings (tenant_id, server_id, producer_id, doc) VALUES ($t, $s, $p, $doc)", cancellationToken,
                        ("$t", commit.TenantId), ("$s", binding.ServerId), ("$p", binding.ProducerId),
                        ("$doc", JsonSerializer.Serialize(binding, AddressJsonContext.Default.AddressBinding))).ConfigureAwait(false);
                }

                foreach (var conflict in commit.Conflicts)
                {
                    await ExecuteAsync(connection, "INSERT OR REPLACE INTO address_conflicts (tenant_id, conflict_id, detected_ticks, open, doc) VALUES ($t, $id, $at, $open, $doc)", cancellationToken,
                        ("$t", commit.TenantId), ("$id", conflict.Id), ("$at", conflict.DetectedAt.UtcTicks), ("$open", conflict.Status == ConflictStatuses.Open ? 1 : 0),
                        ("$doc", JsonSerializer.Serialize(conflict, AddressJsonContext.Default.AddressConflict))).ConfigureAwait(false);
                }

                foreach (var id in commit.Dequeue)
                {
                    await ExecuteAsync(connection, "DELETE FROM address_journal WHERE tenant_id = $t AND item_id = $id", cancellationToken, ("$t", commit.TenantId), ("$id", id)).ConfigureAwait(false);
                }

                await ExecuteAsync(connection, "COMMIT", cancellationToken).ConfigureAwait(false);
                committed = true;
                return next.ToString(CultureInfo.InvariantCulture);
            }
            finally
            {
                if (!committed)
                {
                    await ExecuteAsync(connection, "ROLLBACK", CancellationToken.None).ConfigureAwait(false);
                }
            }
        }, cancellationToken);

    public Task<IReadOnlyList<AddressConflict>> ListConflictsAsync(string tenantId, CancellationToken cancellationToken = default) =>
        database.RunAsync(connection => ReadDocsAsync(connection, null,
            "SELECT doc FROM address_conflicts WHERE tenant_id = $t ORDER BY detected_ticks DESC, conflict_id DESC", tenantId, AddressJsonContext.Default.AddressConflict, cancellationToken),
            cancellationToken);

    public Task<AddressConflict?> GetConflictAsync(string tenantId, string conflictId, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            await using var sql = connection.CreateCommand();
            sql.CommandText = "SELECT doc FROM address_conflicts WHERE tenant_id = $t AND conflict_id = $id";
            sql.Parameters.AddWithValue("$t", tenantId);
            sql.Parameters.AddWithValue("$id", conflictId);
            return await sql.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string doc
                ? JsonSerializer.Deserialize(doc, AddressJsonContext.Default.AddressConflict)
                : null;
        }, cancellationToken);

    private static async Task<long?> VersionAsync(SqliteConnection connection, SqliteTransaction? transaction, string tenantId, CancellationToken cancellationToken)
    {
        await using var sql = connection.CreateCommand();
        sql.Transaction = transaction;
        sql.CommandText = "SELECT version FROM address_ledger WHERE tenant_id = $t";
        sql.Parameters.AddWithValue("$t", tenantId);
        return await sql.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : null;
    }

    private static async Task<IReadOnlyList<T>> ReadDocsAsync<T>(
        SqliteConnection connection, SqliteTransaction? transaction, string query, string tenantId, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        await using var sql = connection.CreateCommand();
        sql.Transaction = transaction;
        sql.CommandText = query;
        sql.Parameters.AddWithValue("$t", tenantId);
        var found = new List<T>();
        await using var reader = await sql.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(JsonSerializer.Deserialize(reader.GetString(0), typeInfo)!);
        }

        return found;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string text, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var sql = connection.CreateCommand();
        sql.CommandText = text;
        foreach (var (name, value) in parameters)
        {
            sql.Parameters.AddWithValue(name, value);
        }

        await sql.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
