using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Commands;

/// <summary>The local stand-in for the RescanCommands timer trigger: one re-scan every <see cref="DispatchOptions.RescanInterval"/>.</summary>
internal sealed class CommandRescanService(
    CommandRescanner rescanner,
    TimeProvider time,
    IOptions<DispatchOptions> options,
    ILogger<CommandRescanService> logger,
    LoopHeartbeats heartbeats)
    : PeriodicLoopService("command-rescan", options.Value.RescanInterval, ct => RescanAsync(rescanner, logger, ct), time, logger, heartbeats)
{
    private static async Task RescanAsync(CommandRescanner rescanner, ILogger logger, CancellationToken stoppingToken)
    {
        try
        {
            await rescanner.RescanOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            Log.RescanFailed(logger, ex);
        }
    }
}
