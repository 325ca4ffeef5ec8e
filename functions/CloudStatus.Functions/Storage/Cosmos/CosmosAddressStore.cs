using System.Net;
using System.Text.Json.Nodes;
using CloudStatus.Core.Addresses;
using Microsoft.Azure.Cosmos;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// The address journal and master in container <c>addresses</c>, all of a tenant in its one logical partition
/// (docs/adr/0110). A commit is one transactional batch whose first operation replaces the tenant's <c>ledger</c>
/// only if its ETag is still the version the master was read at (creates it, for the first): a concurrent commit
/// makes it fail with 412/409 and the batch does nothing.
/// </summary>
internal sealed class CosmosAddressStore(CosmosCentralDatabase database) : IAddressStore
{
    private const string Container = CosmosContainers.Addresses;
    private const string LedgerId = "ledger";

    public async Task EnqueueAsync(IReadOnlyList<AddressClaim> items, CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            // Conflict: already queued (a retried apply); the item is kept as it is.
            await database.CreateAsync(Container, item.TenantId, ToObject(new AddressDocument
            {
                Id = JournalId(item.Id), TenantId = item.TenantId, T = CosmosJson.Ticks(item.At), Claim = item,
            }), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<AddressMaster> ReadMasterAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        // The ledger first: anything committed after it was read moves its ETag, so a commit on this read fails.
        var ledger = await database.ReadAsync(Container, LedgerId, tenantId, cancellationToken).ConfigureAwait(false);
        var bindings = await QueryAsync(tenantId, "binding|", cancellationToken).ConfigureAwait(false);
        var journal = await QueryAsync(tenantId, "journal|", cancellationToken).ConfigureAwait(false);
        var open = await QueryAsync(tenantId, "conflict|", cancellationToken).ConfigureAwait(false);
        return new AddressMaster(
            ledger?.ETag,
            [.. bindings.Select(d => d.Binding!).OrderBy(b => b.ServerId, StringComparer.Ordinal).ThenBy(b => b.ProducerId, StringComparer.Ordinal)],
            [.. journal.OrderBy(d => d.T, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal).Select(d => d.Claim!)],
            [.. open.Select(d => d.Conflict!).Where(c => c.Status == ConflictStatuses.Open).OrderBy(c => c.DetectedAt).ThenBy(c => c.Id, StringComparer.Ordinal)]);
    }

    public async Task<string?> CommitAsync(AddressCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.Writes > AddressCommit.MaxWrites)
        {
            throw new ArgumentException($"A commit takes at most {AddressCommit.MaxWrites} writes (was {commit.Writes}).", nameof(commit));
        }

        var ledger = new AddressDocument { Id = LedgerId, TenantId = commit.TenantId, T = CosmosJson.Ticks(DateTimeOffset.UtcNow) };
        var result = await database.BatchAsync(Container, commit.TenantId, batch =>
        {
            if (commit.ExpectedVersion is null)
            {
                batch.CreateItemStream(CosmosJson.ToStream(ToObject(ledger)));
            }
            else
            {
                batch.ReplaceItemStream(LedgerId, CosmosJson.ToStream(ToObject(ledger)), new TransactionalBatchItemRequestOptions { IfMatchEtag = commit.ExpectedVersion });
            }

            foreach (var binding in commit.Bindings)
            {
                batch.UpsertItemStream(CosmosJson.ToStream(ToObject(new AddressDocument
                {
                    Id = BindingId(binding.ServerId, binding.ProducerId), TenantId = commit.TenantId, T = CosmosJson.Ticks(binding.Since), Binding = binding,
                })));
            }

            foreach (var conflict in commit.Conflicts)
            {
                batch.UpsertItemStream(CosmosJson.ToStream(ToObject(new AddressDocument
                {
                    Id = ConflictId(conflict.Id), TenantId = commit.TenantId, T = CosmosJson.Ticks(conflict.DetectedAt), Conflict = conflict,
                })));
            }

            foreach (var id in commit.Dequeue)
            {
                batch.DeleteItem(JournalId(id));
            }
        }, cancellationToken).ConfigureAwait(false);

        if (result.Success)
        {
            return result.FirstETag ?? throw new InvalidOperationException("The Cosmos DB batch did not answer the ledger's ETag.");
        }

        if (result.FailedIndex == 0 && result.FailedStatus is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return null; // another commit came first
        }

        throw new InvalidOperationException($"The address commit of tenant '{commit.TenantId}' failed at operation {result.FailedIndex}: {(int)result.FailedStatus} {result.FailedStatus}.");
    }

    public async Task<IReadOnlyList<AddressConflict>> ListConflictsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync(tenantId, "conflict|", cancellationToken).ConfigureAwait(false);
        return [.. found.Select(d => d.Conflict!).OrderByDescending(c => c.DetectedAt).ThenByDescending(c => c.Id, StringComparer.Ordinal)];
    }

    public async Task<AddressConflict?> GetConflictAsync(string tenantId, string conflictId, CancellationToken cancellationToken = default)
    {
        var document = await database.ReadAsync(Container, ConflictId(conflictId), tenantId, cancellationToken).ConfigureAwait(false);
        return document is { } d ? CosmosJson.Read(d.Body, AddressJsonContext.Default.AddressDocument).Conflict : null;
    }

    private static string JournalId(string itemId) => "journal|" + itemId;

    private static string BindingId(string serverId, string producerId) => $"binding|{serverId}|{producerId}";

    private static string ConflictId(string conflictId) => "conflict|" + conflictId;

    private static JsonObject ToObject(AddressDocument document) => CosmosJson.ToObject(document, AddressJsonContext.Default.AddressDocument);

    // Only id and tenantId are indexed in this container: the kind of document is its id's prefix.
    private async Task<IReadOnlyList<AddressDocument>> QueryAsync(string tenantId, string prefix, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.tenantId = @t AND STARTSWITH(c.id, @p)").WithParameter("@t", tenantId).WithParameter("@p", prefix);
        var found = await database.QueryAsync(Container, tenantId, query, top: null, cancellationToken).ConfigureAwait(false);
        return [.. found.Select(d => CosmosJson.Read(d.Body, AddressJsonContext.Default.AddressDocument))];
    }
}
