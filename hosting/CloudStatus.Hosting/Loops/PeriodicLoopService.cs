using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Hosting.Loops;

/// <summary>
/// Runs one tick every <c>interval</c> (on the injected clock); a failing tick is logged and the loop goes on. With
/// <c>heartbeats</c>, the loop is registered there while it runs, so a stalled tick or timer shows in the health checks.
/// </summary>
public class PeriodicLoopService(
    string name,
    TimeSpan interval,
    Func<CancellationToken, Task> tick,
    TimeProvider timeProvider,
    ILogger logger,
    LoopHeartbeats? heartbeats = null) : BackgroundService
{
    public string Name => name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var heartbeat = heartbeats?.Register(name, interval);
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await LoopTick.RunAsync(name, tick, logger, heartbeat, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
