using CloudStatus.Functions.Commands;

namespace CloudStatus.Faults.Tests.Support;

/// <summary>
/// Between central's dispatcher and the dev hub. Armed, the next call reaches the module (the edge acts) and its answer
/// never comes back: the dispatcher waits as an instance frozen mid-dispatch, until the test kills central.
/// </summary>
internal sealed class FaultyDirectMethods(IDirectMethodClient inner) : IDirectMethodClient
{
    private readonly TaskCompletionSource _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _loseNextAnswer;

    /// <summary>Completes when an armed call has reached the module and its answer was lost.</summary>
    public Task AnswerLost => _delivered.Task;

    public void LoseNextAnswer() => _loseNextAnswer = true;

    public async Task<DirectMethodOutcome> InvokeAsync(
        string deviceId, string moduleId, string methodName, byte[] payloadJson, TimeSpan responseTimeout, CancellationToken cancellationToken = default)
    {
        var lose = _loseNextAnswer;
        _loseNextAnswer = false;
        var outcome = await inner.InvokeAsync(deviceId, moduleId, methodName, payloadJson, responseTimeout, cancellationToken).ConfigureAwait(false);
        if (!lose)
        {
            return outcome;
        }

        _delivered.TrySetResult();
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        return outcome;
    }
}
