namespace CloudStatus.Functions.Storage;

/// <summary>
/// Wakes this process's drain when this process enqueued (saves a poll interval; the message itself is already
/// durable). Take <see cref="Next"/> before receiving, so an enqueue between the receive and the wait is not missed.
/// </summary>
internal sealed class DispatchSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/>.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
