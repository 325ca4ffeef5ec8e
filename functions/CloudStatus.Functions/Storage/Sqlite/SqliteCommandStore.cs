using System.Text.Json;

namespace CloudStatus.Functions.Storage.Sqlite;

internal sealed class SqliteCommandStore(SqliteCentralDatabase database) : ICommandStore
{
    public Task<bool> TryCreateAsync(CommandRecord command, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            await using var sql = connection.CreateCommand();
            sql.CommandText = "INSERT OR IGNORE INTO commands (command_id, doc) VALUES ($id, $doc)";
            sql.Parameters.AddWithValue("$id", command.CommandId);
            sql.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(command, StoreJsonContext.Default.CommandRecord));
            return await sql.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }, cancellationToken);

    public Task<CommandRecord?> GetAsync(string commandId, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            await using var sql = connection.CreateCommand();
            sql.CommandText = "SELECT doc FROM commands WHERE command_id = $id";
            sql.Parameters.AddWithValue("$id", commandId);
            return await sql.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string doc
                ? JsonSerializer.Deserialize(doc, StoreJsonContext.Default.CommandRecord)
                : null;
        }, cancellationToken);

    public Task UpdateAsync(CommandRecord command, CancellationToken cancellationToken = default) =>
        database.RunAsync(async connection =>
        {
            await using var sql = connection.CreateCommand();
            sql.CommandText = "UPDATE commands SET doc = $doc WHERE command_id = $id";
            sql.Parameters.AddWithValue("$id", command.CommandId);
            sql.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(command, StoreJsonContext.Default.CommandRecord));
            if (await sql.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            {
                throw new InvalidOperationException($"Command '{command.CommandId}' does not exist.");
            }
        }, cancellationToken);

    public Task<IReadOnlyList<CommandRecord>> ListUnfinishedAsync(DateTimeOffset requestedBefore, int limit, CancellationToken cancellationToken = default) =>
        database.RunAsync<IReadOnlyList<CommandRecord>>(async connection =>
        {
            await using var sql = connection.CreateCommand();
            sql.CommandText = "SELECT doc FROM commands WHERE json_extract(doc, '$.status') IN ($pending, $sent, $waiting)";
            sql.Parameters.AddWithValue("$pending", CommandStatus.Pending);
            sql.Parameters.AddWithValue("$sent", CommandStatus.Sent);
            sql.Parameters.AddWithValue("$waiting", CommandStatus.Waiting);
            var found = new List<CommandRecord>();
            await using var reader = await sql.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                found.Add(JsonSerializer.Deserialize(reader.GetString(0), StoreJsonContext.Default.CommandRecord)!);
            }

            return [.. found.Where(c => c.RequestedAt < requestedBefore).OrderBy(c => c.RequestedAt).ThenBy(c => c.CommandId, StringComparer.Ordinal).Take(limit)];
        }, cancellationToken);
}
