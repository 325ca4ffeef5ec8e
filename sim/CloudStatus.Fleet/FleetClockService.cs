using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Fleet;

/// <summary>Plays the fleet on the wall clock (dev stack): one <see cref="FleetClock.AdvanceTo"/> per <paramref name="interval"/>.</summary>
public sealed class FleetClockService(FleetModel model, TimeProvider timeProvider, ILogger<FleetClockService> logger, TimeSpan? interval = null)
    : BackgroundService
{
    private readonly FleetClock _clock = new(model);
    private readonly TimeSpan _interval = interval ?? TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                _clock.AdvanceTo(timeProvider.GetUtcNow());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.TickFailed(logger, ex);
            }

            try
            {
                await Task.Delay(_interval, timeProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
