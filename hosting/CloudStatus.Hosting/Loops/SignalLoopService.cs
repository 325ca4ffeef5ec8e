using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Hosting.Loops;

/// <summary>
/// Runs one tick each time <c>signal</c> is set; a failing tick is logged and the loop goes on. With
/// <c>heartbeats</c>, a tick running longer than <see cref="LoopHeartbeats.MissedPeriods"/> × <c>tickBudget</c>
/// shows as stalled (waiting for the signal never does).
/// </summary>
public sealed class SignalLoopService(
    string name,
    AsyncSignal signal,
    Func<CancellationToken, Task> tick,
    ILogger logger,
    LoopHeartbeats? heartbeats = null,
    TimeSpan tickBudget = default) : BackgroundService
{
    public string Name => name;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        using var heartbeat = heartbeats?.Register(name, tickBudget > TimeSpan.Zero ? tickBudget : TimeSpan.FromMinutes(1), waitsForSignal: true);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await signal.WaitAsync(stoppingToken).ConfigureAwait(false);
                await LoopTick.RunAsync(name, tick, logger, heartbeat, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
