using System.Text.Json;
using CloudStatus.Core.Commands;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Commands;

/// <summary>
/// Sends one stored command as a direct method to its server's module and records the outcome: answered 2xx →
/// succeeded; answered otherwise → failed with the edge's message; device offline → failed ("server offline");
/// no answer in time → timedOut. An answer of 202 means the module took the command and the equipment's verdict comes
/// later (an add waiting for its device): the command is <c>waiting</c>, and the re-scan sends it again to ask (ADR 141).
/// </summary>
internal sealed class CommandDispatcher(
    ICommandStore commands,
    IDirectMethodClient client,
    CentralMetrics metrics,
    TimeProvider time,
    IOptions<CommandOptions> options,
    ILogger<CommandDispatcher> logger,
    AddReservationRelease releases)
{
    /// <summary>
    /// Dispatches the command unless it is finished; returns its final record (or null if unknown). A command already
    /// <c>sent</c> is sent again: its previous dispatcher was lost mid-send (the message came back), and the module
    /// answers a command id it has seen with its first answer. Past its deadline a command is not sent but timed out.
    /// </summary>
    public async Task<CommandRecord?> DispatchAsync(string commandId, CancellationToken cancellationToken = default)
    {
        var command = await commands.GetAsync(commandId, cancellationToken).ConfigureAwait(false);
        if (command is null || CommandStatus.IsFinal(command.Status))
        {
            return command;
        }

        var now = time.GetUtcNow();
        if (now >= command.RequestedAt + options.Value.Deadline)
        {
            return await FinishAsync(command, CommandStatus.TimedOut, DeadlineReason(command, options.Value.Deadline), CancellationToken.None).ConfigureAwait(false);
        }

        command = command with { Status = CommandStatus.Sent, SentAt = now };
        await commands.UpdateAsync(command, cancellationToken).ConfigureAwait(false);

        var timeout = options.Value.MethodTimeout;
        DirectMethodOutcome? answered = null;
        string status;
        string? result;
        try
        {
            var outcome = await client.InvokeAsync(
                command.ServerId, options.Value.ModuleId, command.Action, Payload(command), timeout, cancellationToken).ConfigureAwait(false);
            answered = outcome;
            (status, result) = outcome.Status switch
            {
                DirectMethodStatus.Answered when outcome.Succeeded => (CommandStatus.Succeeded, Message(outcome)),
                DirectMethodStatus.Answered => (CommandStatus.Failed, Message(outcome) ?? $"The module answered {outcome.ResponseStatus}."),
                DirectMethodStatus.DeviceOffline => (CommandStatus.Failed, "server offline"),
                DirectMethodStatus.Timeout => (CommandStatus.TimedOut, $"No answer within {timeout.TotalSeconds:0.#} s."),
                _ => (CommandStatus.Failed, outcome.Error ?? "The direct method failed."),
            };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.CommandDispatchFailed(logger, ex, command.CommandId);
            (status, result) = (CommandStatus.Failed, "The direct method could not be sent: " + ex.Message);
        }

        if (answered is { Status: DirectMethodStatus.Answered, ResponseStatus: 202 })
        {
            command = command with { Status = CommandStatus.Waiting, Result = result };
            await commands.UpdateAsync(command, CancellationToken.None).ConfigureAwait(false);
            Log.CommandWaiting(logger, command.CommandId, command.Action, command.ProducerId, result);
            return command;
        }

        return await FinishAsync(command, status, result, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Why a command past its deadline ended <c>timedOut</c>.</summary>
    public static string DeadlineReason(CommandRecord command, TimeSpan deadline) =>
        string.Equals(command.Status, CommandStatus.Waiting, StringComparison.Ordinal)
            ? $"No verdict from the equipment within the command's deadline of {deadline.TotalMinutes:0.#} min: the module took it and waited for the producer ({command.Result})"
            : string.Equals(command.Status, CommandStatus.Sent, StringComparison.Ordinal)
            ? $"No outcome within the command's deadline of {deadline.TotalMinutes:0.#} min: it was sent at {command.SentAt:u} and its dispatcher was lost before the module answered."
            : $"Not dispatched within the command's deadline of {deadline.TotalMinutes:0.#} min.";

    /// <summary>
    /// Records a final status with its reason (also for the re-scan and the poison queue); an add that ends without its
    /// device first gives its address reservation back.
    /// </summary>
    public async Task<CommandRecord> FinishAsync(CommandRecord command, string status, string? result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        await releases.ReleaseIfEndedAsync(command, status, cancellationToken).ConfigureAwait(false);

        command = command with { Status = status, Result = result, CompletedAt = time.GetUtcNow() };
        await commands.UpdateAsync(command, cancellationToken).ConfigureAwait(false);
        metrics.CommandCompleted(command.Action, status);
        Log.CommandCompleted(logger, command.CommandId, command.Action, command.ProducerId, status, result);
        return command;
    }

    private static byte[] Payload(CommandRecord command) =>
        string.Equals(command.Action, CommandActions.Resync, StringComparison.Ordinal)
            ? JsonSerializer.SerializeToUtf8Bytes(
                new ResyncRequest { FromSeq = 0, Reason = $"operator command {command.CommandId}" },
                MethodJsonContext.Default.ResyncRequest)
            : JsonSerializer.SerializeToUtf8Bytes(
                new ProducerCommandRequest
                {
                    CommandId = command.CommandId,
                    ProducerId = command.ProducerId,
                    Kind = command.Kind,
                    ParentId = command.ParentId,
                    Config = command.Config,
                    Match = command.Match,
                    Ip = command.Ip,
                    PreviousIp = command.PreviousIp,
                },
                MethodJsonContext.Default.ProducerCommandRequest);

    /// <summary>The module's <see cref="MethodResult.Message"/> when it answered one, else its raw payload.</summary>
    private static string? Message(DirectMethodOutcome outcome)
    {
        if (string.IsNullOrWhiteSpace(outcome.PayloadJson))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(outcome.PayloadJson, MethodJsonContext.Default.MethodResult)?.Message ?? outcome.PayloadJson;
        }
        catch (JsonException)
        {
            return outcome.PayloadJson;
        }
    }
}
