using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Commands;

/// <summary>Takes queued commands and dispatches up to <see cref="CommandOptions.MaxConcurrency"/> at a time.</summary>
internal sealed class CommandDispatchService(
    CommandQueue queue,
    CommandDispatcher dispatcher,
    IOptions<CommandOptions> options,
    ILogger<CommandDispatchService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(options.Value.MaxConcurrency);
        var running = new HashSet<Task>();
        try
        {
            await foreach (var commandId in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                running.RemoveWhere(t => t.IsCompleted);
                running.Add(RunAsync(commandId, slots, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task RunAsync(string commandId, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            await dispatcher.DispatchAsync(commandId, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.CommandDispatchFailed(logger, ex, commandId);
        }
        finally
        {
            slots.Release();
        }
    }
}
