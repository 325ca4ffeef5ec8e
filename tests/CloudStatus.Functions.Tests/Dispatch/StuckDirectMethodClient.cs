using CloudStatus.Functions.Commands;

namespace CloudStatus.Functions.Tests.Dispatch;

/// <summary>
/// A hub whose module never answers: the call hangs until the caller gives up, as when the instance sending it is
/// frozen mid-send. <see cref="Called"/> completes once a call is under way.
/// </summary>
internal sealed class StuckDirectMethodClient : IDirectMethodClient
{
    private readonly TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Called => _called.Task;

    public async Task<DirectMethodOutcome> InvokeAsync(
        string deviceId, string moduleId, string methodName, byte[] payloadJson, TimeSpan responseTimeout, CancellationToken cancellationToken = default)
    {
        _called.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }
}
