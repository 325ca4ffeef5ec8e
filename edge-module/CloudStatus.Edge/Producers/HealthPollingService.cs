using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Producers;

/// <summary>Polls every configured target on its own interval (first poll at once).</summary>
internal sealed class HealthPollingService(
    HttpHealthPoller poller,
    IOptions<HealthPollingOptions> options,
    TimeProvider timeProvider,
    ILogger<HealthPollingService> logger,
    LoopHeartbeats heartbeats) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(options.Value.Targets.Select(target => PollLoopAsync(target, stoppingToken)));

    private async Task PollLoopAsync(HealthPollTarget target, CancellationToken stoppingToken)
    {
        var name = "health-poll " + target.ProducerId;
        using var heartbeat = heartbeats.Register(name, target.Interval);
        using var timer = new PeriodicTimer(target.Interval, timeProvider);
        try
        {
            do
            {
                await LoopTick.RunAsync(name, ct => poller.PollOnceAsync(target, ct), logger, heartbeat, stoppingToken)
                    .ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
