using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Sweep;

/// <summary>The local stand-in for the SweepHeartbeats timer trigger: one sweep every <see cref="SweepOptions.SweepInterval"/>.</summary>
internal sealed class HeartbeatSweepService(
    HeartbeatSweeper sweeper,
    TimeProvider time,
    IOptions<SweepOptions> options,
    ILogger<HeartbeatSweepService> logger,
    LoopHeartbeats heartbeats)
    : PeriodicLoopService("heartbeat-sweep", options.Value.SweepInterval, ct => SweepAsync(sweeper, logger, ct), time, logger, heartbeats)
{
    /// <summary>One sweep; a failure is logged as the sweep's own event (2103) and the loop goes on.</summary>
    private static async Task SweepAsync(HeartbeatSweeper sweeper, ILogger logger, CancellationToken stoppingToken)
    {
        try
        {
            await sweeper.SweepOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            Log.SweepFailed(logger, ex);
        }
    }
}
