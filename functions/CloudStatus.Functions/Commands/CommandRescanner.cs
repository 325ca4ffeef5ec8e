using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Commands;

/// <summary>What one re-scan did.</summary>
internal sealed record RescanResult(int Requeued, int TimedOut);

/// <summary>
/// Finds commands left behind (the RescanCommands timer in Azure, <see cref="CommandRescanService"/> locally): a
/// command pending longer than <see cref="DispatchOptions.RequeueAfter"/> is queued again (its message was lost or
/// is stuck); a waiting one last sent more than <see cref="DispatchOptions.WaitingRecheck"/> ago is queued again, to ask
/// the module for the equipment's verdict (ADR 141); a pending, sent or waiting one past <see cref="CommandOptions.Deadline"/>
/// ends <c>timedOut</c> with the reason.
/// So no command stays pending or sent for ever, whatever happened to its message or its dispatcher.
/// </summary>
internal sealed class CommandRescanner(
    ICommandStore commands,
    IDispatchQueue queue,
    CommandDispatcher dispatcher,
    TimeProvider time,
    IOptions<DispatchOptions> options,
    IOptions<CommandOptions> commandOptions,
    ILogger<CommandRescanner> logger)
{
    /// <summary>Commands looked at per scan; the rest wait for the next one.</summary>
    public const int Batch = 500;

    public async Task<RescanResult> RescanOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var deadline = commandOptions.Value.Deadline;
        var stuck = await commands.ListUnfinishedAsync(now, Batch, cancellationToken).ConfigureAwait(false);
        var (requeued, timedOut) = (0, 0);
        foreach (var command in stuck)
        {
            if (now >= command.RequestedAt + deadline)
            {
                await dispatcher.FinishAsync(command, CommandStatus.TimedOut, CommandDispatcher.DeadlineReason(command, deadline), cancellationToken).ConfigureAwait(false);
                timedOut++;
            }
            else if ((string.Equals(command.Status, CommandStatus.Pending, StringComparison.Ordinal) && command.RequestedAt < now - options.Value.RequeueAfter)
                || (string.Equals(command.Status, CommandStatus.Waiting, StringComparison.Ordinal) && (command.SentAt ?? command.RequestedAt) <= now - options.Value.WaitingRecheck))
            {
                await queue.EnqueueAsync(DispatchMessage.Command(command.CommandId).ToJson(), cancellationToken).ConfigureAwait(false);
                requeued++;
            }
        }

        if (requeued + timedOut > 0)
        {
            Log.CommandsRescanned(logger, requeued, timedOut);
        }

        return new RescanResult(requeued, timedOut);
    }
}
