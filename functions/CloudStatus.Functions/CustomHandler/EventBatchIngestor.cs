using CloudStatus.Functions.Ingest;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions.CustomHandler;

/// <summary>What one <c>IngestStatus</c> invocation did with its events.</summary>
internal sealed record EventBatchOutcome(int Events, int Applied, int DeadLettered, int Failed, IReadOnlyList<string> Logs)
{
    /// <summary>True when every event was applied or dead-lettered; false when a store error outlasted the retries.</summary>
    public bool Complete => Failed == 0;
}

/// <summary>
/// Applies the events of one Event Hubs invocation in partition order, synchronously, through
/// <see cref="StatusIngestor"/> (which retries transient store errors itself). The host checkpoints past the batch
/// whatever this answers, so a failure never stops the rest: a poison event is dead-lettered with its raw bytes, and
/// an event whose store writes still fail is logged and skipped — its server's watermark stays where it was, so that
/// server's next batch reveals the gap and a resync heals it (docs/adr/0002, 0021).
/// </summary>
internal sealed class EventBatchIngestor(StatusIngestor ingestor, ILogger<EventBatchIngestor> logger)
{
    public async Task<EventBatchOutcome> IngestAsync(IReadOnlyList<HubEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        int applied = 0, deadLettered = 0, failed = 0;
        var logs = new List<string>();
        foreach (var hubEvent in events)
        {
            var message = hubEvent.Message;
            try
            {
                var outcome = hubEvent.Problem is { } problem
                    ? await ingestor.DeadLetterAsync(message, problem, cancellationToken).ConfigureAwait(false)
                    : await ingestor.ApplyAsync(message, cancellationToken).ConfigureAwait(false);
                if (outcome.DeadLettered)
                {
                    deadLettered++;
                    logs.Add($"event {hubEvent.Index} (device '{message.DeviceId}', sequence {message.SequenceNumber}) dead-lettered: {outcome.DeadLetterReason}");
                }
                else
                {
                    applied++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failed++;
                Log.InvocationEventFailed(logger, ex, hubEvent.Index, message.DeviceId, message.SequenceNumber);
                logs.Add($"event {hubEvent.Index} (device '{message.DeviceId}', sequence {message.SequenceNumber}) not applied: {ex.GetType().Name}: {ex.Message}");
            }
        }

        logs.Add($"{events.Count} events: {applied} applied, {deadLettered} dead-lettered, {failed} failed");
        Log.InvocationIngested(logger, events.Count, applied, deadLettered, failed);
        return new EventBatchOutcome(events.Count, applied, deadLettered, failed, logs);
    }
}
