using Microsoft.Extensions.Logging;

namespace CloudStatus.Hosting.Loops;

/// <summary>One tick of a background loop, run the same way by every loop.</summary>
public static class LoopTick
{
    /// <summary>Runs one tick; anything but cancellation of the loop itself is logged and swallowed.</summary>
    public static async Task RunAsync(string name, Func<CancellationToken, Task> tick, ILogger logger, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(tick);
        try
        {
            await tick(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            Log.LoopFailed(logger, ex, name);
        }
    }

    /// <summary>Like <see cref="RunAsync(string, Func{CancellationToken, Task}, ILogger, CancellationToken)"/>, telling <paramref name="heartbeat"/> when the tick starts and ends.</summary>
    public static async Task RunAsync(
        string name, Func<CancellationToken, Task> tick, ILogger logger, LoopHeartbeat? heartbeat, CancellationToken stoppingToken)
    {
        heartbeat?.TickStarted();
        try
        {
            await RunAsync(name, tick, logger, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            heartbeat?.TickEnded();
        }
    }
}
