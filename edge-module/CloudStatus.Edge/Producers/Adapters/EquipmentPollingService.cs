using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Producers.Adapters;

/// <summary>
/// Polls every adapter in its own loop (first poll at once, then after its <see cref="IProducerAdapter.NextPollDelay"/>
/// or as soon as it asks), so a slow or hanging endpoint delays nobody else.
/// </summary>
internal sealed class EquipmentPollingService(EquipmentSet equipment, TimeProvider timeProvider, ILogger logger, LoopHeartbeats? heartbeats) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(equipment.Adapters.Select(adapter => Task.Run(() => PollLoopAsync(adapter, stoppingToken), stoppingToken)));

    private async Task PollLoopAsync(IProducerAdapter adapter, CancellationToken stoppingToken)
    {
        var name = "equipment-poll " + adapter.ProducerId;
        using var heartbeat = heartbeats?.Register(name, adapter.NextPollDelay);
        try
        {
            while (adapter.IsActive)
            {
                await LoopTick.RunAsync(name, adapter.PollAsync, logger, heartbeat, stoppingToken).ConfigureAwait(false);
                await WaitAsync(adapter, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Until the adapter's next poll is due or it asks for one sooner.</summary>
    private async Task WaitAsync(IProducerAdapter adapter, CancellationToken stoppingToken)
    {
        using var due = new CancellationTokenSource(adapter.NextPollDelay, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, due.Token);
        try
        {
            await adapter.WaitForPollRequestAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }
    }
}
