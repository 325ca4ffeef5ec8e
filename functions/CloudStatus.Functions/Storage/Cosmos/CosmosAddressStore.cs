using CloudStatus.Core.Addresses;
using CloudStatus.Functions.Storage;
using Microsoft.Azure.Cosmos;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// The address journal and master in container <c>addresses</c>, all of a tenant in its one logical partition
/// (docs/adr/0110). A commit is taken by one conditional write: the tenant's <c>ledger</c> is replaced, only if its
/// ETag is still the version the master was read at, by one that holds the whole commit as pending. Then the entries,
/// conflicts and dequeues are written and the pending commit is cleared. Every reader first rolls a pending commit
/// forward, so a crash between any two writes is finished by whoever reads next; each write is harmless to replay
/// (documents carry the commit's sequence and an older commit never overwrites a newer one; a delete of a missing item is done).
/// </summary>
internal sealed class CosmosAddressStore(CosmosCentralDatabase database) : IAddressStore
{
    private const string Container = CosmosContainers.Addresses;
    private const string LedgerId = "ledger";

    /// <summary>Called after each write of a commit with its name (tests kill the process there); null in production.</summary>
    internal Action<string>? AfterWrite { get; init; }

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
        var version = await SettledVersionAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var bindings = await QueryAsync(tenantId, "binding|", cancellationToken).ConfigureAwait(false);
        var journal = await QueryAsync(tenantId, "journal|", cancellationToken).ConfigureAwait(false);
        var conflicts = await QueryAsync(tenantId, "conflict|", cancellationToken).ConfigureAwait(false);
        return new AddressMaster(
            version,
            [.. bindings.Select(d => d.Binding!).OrderBy(b => b.ServerId, StringComparer.Ordinal).ThenBy(b => b.ProducerId, StringComparer.Ordinal)],
            [.. journal.OrderBy(d => d.T, StringComparer.Ordinal).ThenBy(d => d.Id, StringComparer.Ordinal).Select(d => d.Claim!)],
            [.. conflicts.Select(d => d.Conflict!).Where(c => c.Status == ConflictStatuses.Open).OrderBy(c => c.DetectedAt).ThenBy(c => c.Id, StringComparer.Ordinal)]);
    }

    public async Task<string?> CommitAsync(AddressCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var ledger = await ReadLedgerAsync(commit.TenantId, cancellationToken).ConfigureAwait(false);
        if (ledger?.ETag != commit.ExpectedVersion || ledger?.Document.Pending is not null)
        {
            return null;
        }

        var seq = (ledger?.Document.Seq ?? 0) + 1;
        var taken = ToObject(new AddressDocument
        {
            Id = LedgerId, TenantId = commit.TenantId, T = CosmosJson.Ticks(DateTimeOffset.UtcNow), Seq = seq, Pending = commit with { ExpectedVersion = null },
        });
        var result = commit.ExpectedVersion is null
            ? await database.CreateAsync(Container, commit.TenantId, taken, cancellationToken).ConfigureAwait(false)
            : await database.ReplaceAsync(Container, LedgerId, commit.TenantId, taken, commit.ExpectedVersion, cancellationToken).ConfigureAwait(false);
        if (result.Status != WriteStatus.Done)
        {
            return null; // another commit came first
        }

        AfterWrite?.Invoke("ledger");
        return await RollForwardAsync(commit.TenantId, seq, commit, result.ETag!, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AddressConflict>> ListConflictsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await SettledVersionAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var found = await QueryAsync(tenantId, "conflict|", cancellationToken).ConfigureAwait(false);
        return [.. found.Select(d => d.Conflict!).OrderByDescending(c => c.DetectedAt).ThenByDescending(c => c.Id, StringComparer.Ordinal)];
    }

    public async Task<AddressConflict?> GetConflictAsync(string tenantId, string conflictId, CancellationToken cancellationToken = default)
    {
        await SettledVersionAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var document = await database.ReadAsync(Container, ConflictId(conflictId), tenantId, cancellationToken).ConfigureAwait(false);
        return document is { } d ? CosmosJson.Read(d.Body, AddressJsonContext.Default.AddressDocument).Conflict : null;
    }

    /// <summary>The ledger's ETag once no commit is pending (finishing one a crashed or slow writer left).</summary>
    private async Task<string?> SettledVersionAsync(string tenantId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var ledger = await ReadLedgerAsync(tenantId, cancellationToken).ConfigureAwait(false);
            if (ledger?.Document.Pending is not { } pending)
            {
                return ledger?.ETag;
            }

            await RollForwardAsync(tenantId, ledger.Value.Document.Seq, pending, ledger.Value.ETag, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes a taken commit and clears it from the ledger; the ledger's ETag after, or a stale one if another reader cleared it first.</summary>
    private async Task<string> RollForwardAsync(string tenantId, long seq, AddressCommit commit, string ledgerETag, CancellationToken cancellationToken)
    {
        foreach (var binding in commit.Bindings)
        {
            await WriteIfNewerAsync(tenantId, new AddressDocument
            {
                Id = BindingId(binding.ServerId, binding.ProducerId), TenantId = tenantId, T = CosmosJson.Ticks(binding.Since), Seq = seq, Binding = binding,
            }, cancellationToken).ConfigureAwait(false);
            AfterWrite?.Invoke("binding");
        }

        foreach (var conflict in commit.Conflicts)
        {
            await WriteIfNewerAsync(tenantId, new AddressDocument
            {
                Id = ConflictId(conflict.Id), TenantId = tenantId, T = CosmosJson.Ticks(conflict.DetectedAt), Seq = seq, Conflict = conflict,
            }, cancellationToken).ConfigureAwait(false);
            AfterWrite?.Invoke("conflict");
        }

        foreach (var id in commit.Dequeue)
        {
            await database.DeleteAsync(Container, JournalId(id), tenantId, ifMatch: null, cancellationToken).ConfigureAwait(false);
            AfterWrite?.Invoke("dequeue");
        }

        var cleared = await database.ReplaceAsync(Container, LedgerId, tenantId, ToObject(new AddressDocument
        {
            Id = LedgerId, TenantId = tenantId, T = CosmosJson.Ticks(DateTimeOffset.UtcNow), Seq = seq,
        }), ledgerETag, cancellationToken).ConfigureAwait(false);
        AfterWrite?.Invoke("clear");
        return cleared.Status == WriteStatus.Done ? cleared.ETag! : ledgerETag;
    }

    /// <summary>Creates or replaces the document unless the stored one was written by this commit or a later one.</summary>
    private async Task WriteIfNewerAsync(string tenantId, AddressDocument document, CancellationToken cancellationToken)
    {
        var body = ToObject(document);
        while (true)
        {
            var stored = await database.ReadAsync(Container, document.Id, tenantId, cancellationToken).ConfigureAwait(false);
            if (stored is { } s && CosmosJson.Read(s.Body, AddressJsonContext.Default.AddressDocument).Seq >= document.Seq)
            {
                return;
            }

            var result = stored is { } existing
                ? await database.ReplaceAsync(Container, document.Id, tenantId, body, existing.ETag, cancellationToken).ConfigureAwait(false)
                : await database.CreateAsync(Container, tenantId, body, cancellationToken).ConfigureAwait(false);
            if (result.Status == WriteStatus.Done)
            {
                return;
            }
        }
    }

    private async Task<(AddressDocument Document, string ETag)?> ReadLedgerAsync(string tenantId, CancellationToken cancellationToken)
    {
        var ledger = await database.ReadAsync(Container, LedgerId, tenantId, cancellationToken).ConfigureAwait(false);
        return ledger is { } l ? (CosmosJson.Read(l.Body, AddressJsonContext.Default.AddressDocument), l.ETag!) : null;
    }

    private static string JournalId(string itemId) => "journal|" + itemId;

    private static string BindingId(string serverId, string producerId) => $"binding|{serverId}|{producerId}";

    private static string ConflictId(string conflictId) => "conflict|" + conflictId;

    private static System.Text.Json.Nodes.JsonObject ToObject(AddressDocument document) => CosmosJson.ToObject(document, AddressJsonContext.Default.AddressDocument);

    // Only id and tenantId are indexed in this container: the kind of document is its id's prefix.
    private async Task<IReadOnlyList<AddressDocument>> QueryAsync(string tenantId, string prefix, CancellationToken cancellationToken)
    {
        var query = new QueryDefinition("SELECT * FROM c WHERE c.tenantId = @t AND STARTSWITH(c.id, @p)").WithParameter("@t", tenantId).WithParameter("@p", prefix);
        var found = await database.QueryAsync(Container, tenantId, query, top: null, cancellationToken).ConfigureAwait(false);
        return [.. found.Select(d => CosmosJson.Read(d.Body, AddressJsonContext.Default.AddressDocument))];
    }
}
