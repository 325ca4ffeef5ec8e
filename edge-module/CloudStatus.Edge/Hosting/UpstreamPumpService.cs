using CloudStatus.Edge.Uplink;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Hosting;

/// <summary>
/// Runs the upstream pump whenever the heap is written or a resync is requested; while sends fail, retries after
/// <see cref="UplinkOptions.RetryDelay"/> (2 s doubling up to the period).
/// </summary>
internal sealed class UpstreamPumpService(
    UplinkPump upstream, TimeProvider timeProvider, ILogger logger, LoopHeartbeats? heartbeats = null, TimeSpan tickBudget = default) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var heartbeat = heartbeats?.Register("upstream-pump", tickBudget > TimeSpan.Zero ? tickBudget : upstream.Options.RetryMaxDelay, waitsForSignal: true);
        var failures = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (failures == 0)
                {
                    await upstream.Wake.WaitAsync(stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(upstream.Options.RetryDelay(failures), timeProvider, stoppingToken).ConfigureAwait(false);
                }

                var result = PumpResult.Failed;
                await LoopTick.RunAsync("upstream-pump", async ct => result = await upstream.PumpAsync(ct).ConfigureAwait(false), logger, heartbeat, stoppingToken)
                    .ConfigureAwait(false);
                failures = result == PumpResult.Failed ? failures + 1 : 0;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
