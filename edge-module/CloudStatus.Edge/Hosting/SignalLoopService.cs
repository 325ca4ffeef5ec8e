using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Hosting;

/// <summary>Runs one tick each time <c>signal</c> is set; a failing tick is logged and the loop goes on.</summary>
internal sealed class SignalLoopService(
    string name, AsyncSignal signal, Func<CancellationToken, Task> tick, ILogger logger) : BackgroundService
{
    public string Name => name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await signal.WaitAsync(stoppingToken).ConfigureAwait(false);
                await LoopTick.RunAsync(name, tick, logger, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
