using CloudStatus.Core.Addresses;
using CloudStatus.Functions.Storage;

namespace CloudStatus.Functions.Tests.Addresses;

/// <summary>
/// A real address store that "kills the process" at crash point <c>k</c>: before its call <c>k/2</c> when k is even,
/// right after that call took effect when k is odd (the caller never learns it did). Nothing after the crash runs.
/// </summary>
internal sealed class CrashingAddressStore(IAddressStore inner, int crashPoint) : IAddressStore
{
    private int _calls;

    public bool Crashed { get; private set; }

    /// <summary>The calls made (crashed or not).</summary>
    public int Calls => _calls;

    public Task EnqueueAsync(IReadOnlyList<AddressClaim> items, CancellationToken cancellationToken = default) =>
        StepAsync(async () => { await inner.EnqueueAsync(items, cancellationToken); return true; });

    public Task<AddressMaster> ReadMasterAsync(string tenantId, CancellationToken cancellationToken = default) =>
        StepAsync(() => inner.ReadMasterAsync(tenantId, cancellationToken));

    public Task<string?> CommitAsync(AddressCommit commit, CancellationToken cancellationToken = default) =>
        StepAsync(() => inner.CommitAsync(commit, cancellationToken));

    public Task<IReadOnlyList<AddressConflict>> ListConflictsAsync(string tenantId, CancellationToken cancellationToken = default) =>
        StepAsync(() => inner.ListConflictsAsync(tenantId, cancellationToken));

    public Task<AddressConflict?> GetConflictAsync(string tenantId, string conflictId, CancellationToken cancellationToken = default) =>
        StepAsync(() => inner.GetConflictAsync(tenantId, conflictId, cancellationToken));

    private async Task<T> StepAsync<T>(Func<Task<T>> call)
    {
        var call2 = _calls++ * 2;
        if (Crashed || call2 == crashPoint)
        {
            Crashed = true;
            throw new SimulatedCrashException();
        }

        var result = await call();
        if (call2 + 1 == crashPoint)
        {
            Crashed = true;
            throw new SimulatedCrashException();
        }

        return result;
    }
}

internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("Simulated crash of central.")
    {
    }
}
