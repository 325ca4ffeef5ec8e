using CloudStatus.Core.Addresses;
using CloudStatus.Functions.Storage;

namespace CloudStatus.Functions.Tests.Addresses;

/// <summary>A real address store whose every call first waits for its turn on a <see cref="StepScheduler"/>.</summary>
internal sealed class ScheduledAddressStore(IAddressStore inner, StepScheduler scheduler) : IAddressStore
{
    public async Task EnqueueAsync(IReadOnlyList<AddressClaim> items, CancellationToken cancellationToken = default)
    {
        await scheduler.TurnAsync();
        await inner.EnqueueAsync(items, cancellationToken);
    }

    public async Task<AddressMaster> ReadMasterAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await scheduler.TurnAsync();
        return await inner.ReadMasterAsync(tenantId, cancellationToken);
    }

    public async Task<string?> CommitAsync(AddressCommit commit, CancellationToken cancellationToken = default)
    {
        await scheduler.TurnAsync();
        return await inner.CommitAsync(commit, cancellationToken);
    }

    public async Task<IReadOnlyList<AddressConflict>> ListConflictsAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        await scheduler.TurnAsync();
        return await inner.ListConflictsAsync(tenantId, cancellationToken);
    }

    public async Task<AddressConflict?> GetConflictAsync(string tenantId, string conflictId, CancellationToken cancellationToken = default)
    {
        await scheduler.TurnAsync();
        return await inner.GetConflictAsync(tenantId, conflictId, cancellationToken);
    }
}
