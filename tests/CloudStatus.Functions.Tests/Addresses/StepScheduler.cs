namespace CloudStatus.Functions.Tests.Addresses;

/// <summary>
/// Runs several actors one store call at a time in an order drawn from a seeded random: an actor waits at each call
/// until every live actor waits, then one of them, picked at random, goes on. Same seed, same interleaving.
/// </summary>
internal sealed class StepScheduler(int seed, int actors)
{
    private readonly Random _random = new(seed);
    private readonly Lock _gate = new();
    private readonly List<TaskCompletionSource> _waiting = [];
    private int _live = actors;

    public Task TurnAsync()
    {
        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waiting.Add(turn);
            ReleaseOneIfAllWait();
        }

        return turn.Task;
    }

    /// <summary>Runs one actor under the scheduler; it leaves the schedule when it ends, however it ends.</summary>
    public async Task RunAsync(Func<Task> actor)
    {
        try
        {
            await TurnAsync();
            await actor();
        }
        finally
        {
            lock (_gate)
            {
                _live--;
                ReleaseOneIfAllWait();
            }
        }
    }

    private void ReleaseOneIfAllWait()
    {
        if (_live > 0 && _waiting.Count == _live)
        {
            var i = _random.Next(_waiting.Count);
            var next = _waiting[i];
            _waiting.RemoveAt(i);
            next.SetResult();
        }
    }
}
