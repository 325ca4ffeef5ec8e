using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Commands;

/// <summary>
/// Handles one dispatch queue message, wherever it was received (the Functions host's queue trigger in Azure, the
/// local drain otherwise): dispatches the command or sends the resync. Returning means the message is done with;
/// throwing means it must come back (a store failure), up to the dequeue limit, after which
/// <see cref="PoisonedAsync"/> records why it was given up.
/// </summary>
internal sealed class DispatchProcessor(
    CommandDispatcher dispatcher,
    ResyncSender resyncs,
    NeighbourAnnouncer neighbours,
    ICommandStore commands,
    IOptions<DispatchOptions> options,
    ILogger<DispatchProcessor> logger)
{
    /// <summary>Processes the message; returns a line for the invocation log.</summary>
    /// <exception cref="InvalidDispatchMessageException">The body is not a dispatch message.</exception>
    public async Task<string> ProcessAsync(string body, long dequeueCount, CancellationToken cancellationToken = default)
    {
        var message = DispatchMessage.Parse(body, out var error) ?? throw new InvalidDispatchMessageException(error!);
        if (message.Kind == DispatchMessage.ResyncKind)
        {
            var outcome = await resyncs.SendAsync(new ResyncRequestItem(message.ServerId!, message.FromSeq!.Value, message.Reason ?? "resync"), cancellationToken).ConfigureAwait(false);
            return $"resync from seq {message.FromSeq} to {message.ServerId}: {outcome.Status} {outcome.ResponseStatus}";
        }

        if (message.Kind == DispatchMessage.NeighboursKind)
        {
            return await neighbours.AnnounceAsync(message.ServerId!, cancellationToken).ConfigureAwait(false);
        }

        if (dequeueCount > 1)
        {
            Log.DispatchRedelivered(logger, message.CommandId!, dequeueCount);
        }

        var command = await dispatcher.DispatchAsync(message.CommandId!, cancellationToken).ConfigureAwait(false);
        return command is null
            ? $"command {message.CommandId} does not exist"
            : $"command {command.CommandId} {command.Status}: {command.Result}";
    }

    /// <summary>
    /// The message was given up and sits in the poison queue: a command not yet finished ends <c>failed</c> with
    /// <paramref name="reason"/>; a resync is logged (the next gap asks again). Returns a line for the invocation log.
    /// </summary>
    public async Task<string> PoisonedAsync(string body, string? reason, CancellationToken cancellationToken = default)
    {
        var why = reason ?? $"Dispatch failed {options.Value.MaxDequeueCount} times; the message was moved to the poison queue '{options.Value.PoisonQueueName}'.";
        var message = DispatchMessage.Parse(body, out var error);
        Log.DispatchPoisoned(logger, message?.Kind ?? "invalid", message?.CommandId ?? message?.ServerId, why);
        if (message is null)
        {
            return $"an invalid message was poisoned ({error})";
        }

        if (message.Kind != DispatchMessage.CommandKind)
        {
            return $"{message.Kind} of {message.ServerId} given up: {why}";
        }

        var command = await commands.GetAsync(message.CommandId!, cancellationToken).ConfigureAwait(false);
        if (command is null || CommandStatus.IsFinal(command.Status))
        {
            return $"command {message.CommandId} already {command?.Status ?? "gone"}";
        }

        await dispatcher.FinishAsync(command, CommandStatus.Failed, why, cancellationToken).ConfigureAwait(false);
        return $"command {command.CommandId} failed: {why}";
    }
}
