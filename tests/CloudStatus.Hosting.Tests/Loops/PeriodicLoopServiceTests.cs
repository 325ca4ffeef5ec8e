using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Hosting.Tests.Loops;

public sealed class PeriodicLoopServiceTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ExecuteAsync_FailingTick_LoopGoesOnToTheNextTick()
    {
        var ticks = 0;
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var loop = new PeriodicLoopService("failing", Interval, _ =>
        {
            if (Interlocked.Increment(ref ticks) == 1)
            {
                throw new InvalidOperationException("first tick fails");
            }

            second.TrySetResult();
            return Task.CompletedTask;
        }, _time, NullLogger.Instance);

        await loop.StartAsync(CancellationToken.None);
        await AdvanceUntilAsync(second.Task);
        await loop.StopAsync(CancellationToken.None);

        Assert.True(ticks >= 2);
    }

    [Fact]
    public async Task ExecuteAsync_WithHeartbeats_RegistersWhileRunningAndLeavesOnStop()
    {
        var heartbeats = new LoopHeartbeats(_time);
        var ticked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var loop = new PeriodicLoopService("beating", Interval, _ =>
        {
            ticked.TrySetResult();
            return Task.CompletedTask;
        }, _time, NullLogger.Instance, heartbeats);

        await loop.StartAsync(CancellationToken.None);
        await AdvanceUntilAsync(ticked.Task);
        var running = heartbeats.Loops.Select(l => l.Name).ToList();
        await loop.StopAsync(CancellationToken.None);

        Assert.Equal(["beating"], running);
        Assert.Empty(heartbeats.Loops);
    }

    [Fact]
    public async Task ExecuteAsync_TickThatHangs_ShowsAsStalled()
    {
        var heartbeats = new LoopHeartbeats(_time);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var loop = new PeriodicLoopService("hanging", Interval, async ct =>
        {
            entered.TrySetResult();
            await release.Task.WaitAsync(ct);
        }, _time, NullLogger.Instance, heartbeats);

        await loop.StartAsync(CancellationToken.None);
        await AdvanceUntilAsync(entered.Task);
        var before = heartbeats.Stalled();
        _time.Advance(LoopHeartbeats.MinimumStall + Interval * LoopHeartbeats.MissedPeriods);
        var during = heartbeats.Stalled().Select(s => (s.Loop.Name, s.Loop.IsInTick)).ToList();
        release.SetResult();
        await loop.StopAsync(CancellationToken.None);

        Assert.Empty(before);
        Assert.Equal([("hanging", true)], during);
    }

    /// <summary>Moves the fake clock one interval at a time until <paramref name="task"/> completes (the timer needs the loop to be waiting).</summary>
    private async Task AdvanceUntilAsync(Task task)
    {
        for (var i = 0; i < 200 && !task.IsCompleted; i++)
        {
            _time.Advance(Interval);
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(25)));
        }

        await task.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
