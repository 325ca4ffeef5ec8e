using CloudStatus.Functions.Storage;
using CloudStatus.Hosting.Health;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Commands;

/// <summary>
/// Stands in for the queue trigger when the app runs on its own (dev stack, embedded): receives dispatch messages,
/// processes up to <see cref="CommandOptions.MaxConcurrency"/> at a time, completes each one done with, and moves one
/// failed <see cref="DispatchOptions.MaxDequeueCount"/> times to the poison queue, as the Functions host does. It polls
/// every <see cref="DispatchOptions.PollInterval"/>, and wakes at once when this process enqueued.
/// </summary>
internal sealed class DispatchDrainService(
    IDispatchQueue queue,
    DispatchSignal signal,
    DispatchProcessor processor,
    TimeProvider time,
    IOptions<DispatchOptions> options,
    IOptions<CommandOptions> commandOptions,
    ILogger<DispatchDrainService> logger) : BackgroundService
{
    /// <summary>One receive: processes every message it got; returns how many.</summary>
    public async Task<int> DrainOnceAsync(CancellationToken cancellationToken)
    {
        var deliveries = await queue.ReceiveAsync(commandOptions.Value.MaxConcurrency, options.Value.VisibilityTimeout, cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(deliveries.Select(d => HandleAsync(d, cancellationToken))).ConfigureAwait(false);
        return deliveries.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var received = 0;
            var wake = signal.Next;
            try
            {
                received = await DrainOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.DispatchDrainFailed(logger, ex);
            }

            if (received == 0)
            {
                try
                {
                    await Task.WhenAny(wake, Task.Delay(options.Value.PollInterval, time, stoppingToken)).ConfigureAwait(false);
                    stoppingToken.ThrowIfCancellationRequested();
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task HandleAsync(DispatchDelivery delivery, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxDequeueCount;
        if (delivery.DequeueCount > max)
        {
            // Received more often than allowed without an outcome: processing it ends the process (a poison pill).
            await PoisonAsync(delivery, $"Delivered {delivery.DequeueCount} times without an outcome; moved to the poison queue.", cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            await Task.Yield();
            await processor.ProcessAsync(delivery.Body, delivery.DequeueCount, cancellationToken).ConfigureAwait(false);
            await queue.CompleteAsync(delivery, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the message stays and comes back after its visibility timeout.
        }
        catch (InvalidDispatchMessageException ex)
        {
            await PoisonAsync(delivery, ex.Message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.DispatchAttemptFailed(logger, ex, delivery.MessageId, delivery.DequeueCount);
            if (delivery.DequeueCount >= max)
            {
                await PoisonAsync(delivery, $"Dispatch failed {delivery.DequeueCount} times (last error: {ex.Message}); moved to the poison queue.", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task PoisonAsync(DispatchDelivery delivery, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await queue.MoveToPoisonAsync(delivery, reason, cancellationToken).ConfigureAwait(false);
            await processor.PoisonedAsync(delivery.Body, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.DispatchAttemptFailed(logger, ex, delivery.MessageId, delivery.DequeueCount);
        }
    }
}
