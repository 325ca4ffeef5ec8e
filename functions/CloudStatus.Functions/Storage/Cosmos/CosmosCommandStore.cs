using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// Commands in <c>commands</c> (partition key = id = command id). Create is the idempotency check (an idempotent
/// command id already stored answers 409); an update replaces the stored command, which must exist.
/// </summary>
internal sealed class CosmosCommandStore(CosmosCentralDatabase database) : ICommandStore
{
    public async Task<bool> TryCreateAsync(CommandRecord command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var result = await database.CreateAsync(CosmosContainers.Commands, command.CommandId, ToDocument(command), cancellationToken).ConfigureAwait(false);
        return result.Status == WriteStatus.Done;
    }

    public async Task<CommandRecord?> GetAsync(string commandId, CancellationToken cancellationToken = default)
    {
        var document = await database.ReadAsync(CosmosContainers.Commands, commandId, commandId, cancellationToken).ConfigureAwait(false);
        return document is { } d ? CosmosJson.Read(d.Body, StoreJsonContext.Default.CommandRecord) : null;
    }

    public async Task UpdateAsync(CommandRecord command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var result = await database.ReplaceAsync(CosmosContainers.Commands, command.CommandId, command.CommandId, ToDocument(command), ifMatch: null, cancellationToken).ConfigureAwait(false);
        if (result.Status == WriteStatus.NotFound)
        {
            throw new InvalidOperationException($"Command '{command.CommandId}' does not exist.");
        }
    }

    /// <summary>A cross-partition query: the re-scan runs once a minute and unfinished commands are few.</summary>
    public async Task<IReadOnlyList<CommandRecord>> ListUnfinishedAsync(DateTimeOffset requestedBefore, int limit, CancellationToken cancellationToken = default)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.status = @pending OR c.status = @sent OR c.status = @waiting")
            .WithParameter("@pending", CommandStatus.Pending)
            .WithParameter("@sent", CommandStatus.Sent)
            .WithParameter("@waiting", CommandStatus.Waiting);
        var documents = await database.QueryAllPartitionsAsync(CosmosContainers.Commands, query, cancellationToken).ConfigureAwait(false);
        return [.. documents
            .Select(d => CosmosJson.Read(d.Body, StoreJsonContext.Default.CommandRecord))
            .Where(c => c.RequestedAt < requestedBefore)
            .OrderBy(c => c.RequestedAt)
            .ThenBy(c => c.CommandId, StringComparer.Ordinal)
            .Take(limit)];
    }

    private static JsonObject ToDocument(CommandRecord command)
    {
        var document = CosmosJson.ToObject(command, StoreJsonContext.Default.CommandRecord);
        document["id"] = command.CommandId;
        return document;
    }
}
