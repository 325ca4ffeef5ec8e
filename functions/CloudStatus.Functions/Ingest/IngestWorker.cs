using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions.Ingest;

/// <summary>Drains <see cref="IngestQueue"/> one message at a time into <see cref="StatusIngestor"/>; a failed message is logged and skipped.</summary>
internal sealed class IngestWorker(IngestQueue queue, StatusIngestor ingestor, ILogger<IngestWorker> logger) : BackgroundService
{
    /// <summary>One message: apply it, log a failure. Returns false when it failed.</summary>
    public async Task<bool> ProcessAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await ingestor.ApplyAsync(message, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The watermark did not move, so the server's next batch reveals a gap and a resync heals it.
            Log.IngestFailed(logger, ex, message.DeviceId);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await ProcessAsync(message, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
