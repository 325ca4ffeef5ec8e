namespace CloudStatus.Hosting.Loops;

/// <summary>An auto-reset wake-up: any number of <see cref="Set"/> calls wake one pending or future <see cref="WaitAsync"/> once.</summary>
public sealed class AsyncSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);
    private int _set;

    public void Set()
    {
        if (Interlocked.Exchange(ref _set, 1) == 0)
        {
            _semaphore.Release();
        }
    }

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await _semaphore.WaitAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _set, 0);
    }

    public void Dispose() => _semaphore.Dispose();
}
