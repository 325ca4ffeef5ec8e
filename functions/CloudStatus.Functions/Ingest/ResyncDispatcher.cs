using System.Text.Json;
using CloudStatus.Core.Commands;
using CloudStatus.Functions.Commands;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Ingest;

/// <summary>Sends queued resync requests as the <c>resync</c> direct method to (deviceId = serverId, module "cloudstatus").</summary>
internal sealed class ResyncDispatcher(
    ResyncRequestQueue queue,
    IDirectMethodClient client,
    IOptions<IngestOptions> ingestOptions,
    IOptions<CommandOptions> commandOptions,
    ILogger<ResyncDispatcher> logger) : BackgroundService
{
    /// <summary>One request: invoke the method and log what the module answered. Never throws but for cancellation.</summary>
    public async Task<DirectMethodOutcome> SendAsync(ResyncRequestItem item, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new ResyncRequest { FromSeq = item.FromSeq, Reason = item.Reason },
            MethodJsonContext.Default.ResyncRequest);
        var outcome = await client.InvokeAsync(
            item.ServerId,
            commandOptions.Value.ModuleId,
            DirectMethodNames.Resync,
            payload,
            ingestOptions.Value.ResyncMethodTimeout,
            cancellationToken).ConfigureAwait(false);
        if (outcome.Succeeded)
        {
            Log.ResyncSent(logger, item.ServerId, item.FromSeq);
        }
        else
        {
            Log.ResyncNotDelivered(logger, item.ServerId, item.FromSeq, outcome.Status.ToString(), outcome.ResponseStatus, outcome.Error ?? outcome.PayloadJson);
        }

        return outcome;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var item in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await SendAsync(item, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.ResyncSendFailed(logger, ex, item.ServerId, item.FromSeq);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
