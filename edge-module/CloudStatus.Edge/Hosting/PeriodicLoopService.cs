using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Hosting;

/// <summary>Runs one tick every <c>interval</c> (on the injected clock); a failing tick is logged and the loop goes on.</summary>
internal sealed class PeriodicLoopService(
    string name, TimeSpan interval, Func<CancellationToken, Task> tick, TimeProvider timeProvider, ILogger logger) : BackgroundService
{
    public string Name => name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await LoopTick.RunAsync(name, tick, logger, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
