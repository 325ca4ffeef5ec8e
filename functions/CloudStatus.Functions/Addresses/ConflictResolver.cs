using CloudStatus.Core.Addresses;
using CloudStatus.Core.Central;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Addresses;

/// <summary>Closes an open conflict with how it was resolved and by whom, by one commit at the tenant's version (re-read when beaten).</summary>
internal sealed class ConflictResolver(
    IAddressStore store,
    IEventStore events,
    TimeProvider time,
    IOptions<AddressOptions> options,
    ILogger<ConflictResolver> logger)
{
    /// <summary>The resolved conflict; null when the tenant has no such conflict; the conflict unchanged when it was already resolved.</summary>
    public async Task<(AddressConflict? Conflict, bool Resolved)> ResolveAsync(
        string tenantId, string conflictId, string resolution, string resolvedBy, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var master = await store.ReadMasterAsync(tenantId, cancellationToken).ConfigureAwait(false);
            var open = master.OpenConflicts.FirstOrDefault(c => string.Equals(c.Id, conflictId, StringComparison.Ordinal));
            if (open is null)
            {
                var closed = await store.GetConflictAsync(tenantId, conflictId, cancellationToken).ConfigureAwait(false);
                return (closed, false);
            }

            var now = time.GetUtcNow();
            var resolved = open with { Status = ConflictStatuses.Resolved, ResolvedAt = now, Resolution = resolution, ResolvedBy = resolvedBy };
            await events.AppendOneAsync(AddressReconciler.ConflictEvent(resolved, StatusEventTypes.Resolved, now), cancellationToken).ConfigureAwait(false);
            if (await store.CommitAsync(new AddressCommit { TenantId = tenantId, ExpectedVersion = master.Version, Conflicts = [resolved] }, cancellationToken).ConfigureAwait(false) is not null)
            {
                Log.AddressConflictResolved(logger, conflictId, tenantId, resolvedBy, resolution);
                return (resolved, true);
            }

            if (attempt >= options.Value.MaxCommitAttempts)
            {
                throw new TransientStoreException($"Resolving conflict '{conflictId}' was beaten by other commits {attempt} times.");
            }
        }
    }
}
