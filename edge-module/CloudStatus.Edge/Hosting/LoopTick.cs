using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Hosting;

internal static class LoopTick
{
    /// <summary>Runs one tick; anything but cancellation of the loop itself is logged and swallowed.</summary>
    public static async Task RunAsync(string name, Func<CancellationToken, Task> tick, ILogger logger, CancellationToken stoppingToken)
    {
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
}
