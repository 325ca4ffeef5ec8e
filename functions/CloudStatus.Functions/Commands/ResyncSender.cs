using System.Text.Json;
using CloudStatus.Core.Commands;
using CloudStatus.Functions.Ingest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Commands;

/// <summary>A resync ingest decided to ask for: <c>resync {fromSeq}</c> to the server's module.</summary>
internal sealed record ResyncRequestItem(string ServerId, long FromSeq, string Reason);

/// <summary>Sends a resync request as the <c>resync</c> direct method to (deviceId = serverId, module "cloudstatus").</summary>
internal sealed class ResyncSender(
    IDirectMethodClient client,
    IOptions<IngestOptions> ingestOptions,
    IOptions<CommandOptions> commandOptions,
    ILogger<ResyncSender> logger)
{
    /// <summary>One request: invoke the method and log what the module answered. Never throws but for cancellation.</summary>
    public async Task<DirectMethodOutcome> SendAsync(ResyncRequestItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new ResyncRequest { FromSeq = item.FromSeq, Reason = item.Reason },
            MethodJsonContext.Default.ResyncRequest);
        DirectMethodOutcome outcome;
        try
        {
            outcome = await client.InvokeAsync(
                item.ServerId,
                commandOptions.Value.ModuleId,
                DirectMethodNames.Resync,
                payload,
                ingestOptions.Value.ResyncMethodTimeout,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ResyncSendFailed(logger, ex, item.ServerId, item.FromSeq);
            return new DirectMethodOutcome(DirectMethodStatus.Failed, null, null, ex.Message);
        }

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
}
