using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CloudStatus.Core.Commands;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Intake;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Uplink;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Commands;

/// <summary>
/// Answers the module's direct methods (E9): <c>reboot</c> through <see cref="IProducerControl"/>, <c>resync</c> on the
/// local system manager, <c>delete</c> as a cascade of tombstones, <c>add</c> now or when the producer shows up,
/// <c>history</c> from the local history (<see cref="HistoryMethod"/>; 501 when the node keeps none).
/// Statuses are HTTP-like: 200 done, 400 malformed payload, 404 unknown method or producer, 501 not possible here.
/// reboot, delete and add carry central's command id: a command delivered again gets the first answer, not a second
/// run (<see cref="RecentCommandResults"/>). An add that waits for its producer answers 202 ("waiting"); the same
/// command delivered again answers the equipment's verdict once the producer showed up and was configured (200, or 502
/// with why), 202 until then (ADR 141).
/// </summary>
internal sealed class EdgeCommandHandler(
    HeapWriter management,
    UplinkPump upstream,
    IProducerControl? control,
    ILogger<EdgeCommandHandler> logger,
    HistoryMethod? history = null,
    RecentCommandResults? recent = null) : IDirectMethodHandler
{
    private readonly RecentCommandResults _recent = recent ?? new RecentCommandResults();
    private readonly ConcurrentDictionary<string, (PendingAdd Add, string Waiting)> _waitingAdds = new(StringComparer.Ordinal);

    public async Task<DirectMethodResponse> HandleAsync(string methodName, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (methodName == DirectMethodNames.History && history is not null)
        {
            var (historyStatus, historyMessage, page) = await history.HandleAsync(payload, cancellationToken).ConfigureAwait(false);
            Log.MethodAnswered(logger, methodName, historyStatus, historyMessage);
            return page is null ? Answer(historyStatus, historyMessage) : new DirectMethodResponse(historyStatus, page);
        }

        (int status, string message) = (0, string.Empty);
        try
        {
            (status, message) = methodName switch
            {
                DirectMethodNames.Reboot => await OnceAsync(methodName, payload, () => RebootAsync(payload, cancellationToken)).ConfigureAwait(false),
                DirectMethodNames.Resync => Resync(payload),
                DirectMethodNames.Delete => await OnceAsync(methodName, payload, () => DeleteAsync(payload, cancellationToken)).ConfigureAwait(false),
                DirectMethodNames.Add => WaitingAdd(payload) ?? await OnceAsync(methodName, payload, () => AddAsync(payload, cancellationToken)).ConfigureAwait(false),
                DirectMethodNames.Readdress => await OnceAsync(methodName, payload, () => ReaddressAsync(payload, cancellationToken)).ConfigureAwait(false),
                DirectMethodNames.Address => await RepointAsync(payload, cancellationToken).ConfigureAwait(false),
                DirectMethodNames.Start => await OnceAsync(methodName, payload, () => ControlProcessAsync(payload, ProcessAction.Start, cancellationToken)).ConfigureAwait(false),
                DirectMethodNames.Stop => await OnceAsync(methodName, payload, () => ControlProcessAsync(payload, ProcessAction.Stop, cancellationToken)).ConfigureAwait(false),
                DirectMethodNames.History => (501, "This local server keeps no local history (CloudStatus:Edge:History:Enabled is false)."),
                _ => (404, $"Unknown method '{methodName}'."),
            };
        }
        catch (ProducerUnreachableException ex)
        {
            // The equipment did not take the action: the command ends failed with why (502, as a gateway would). Not
            // kept as the command's answer, so a redelivery tries the equipment again.
            (status, message) = (502, $"The producer did not take '{methodName}': {ex.Message}");
        }

        Log.MethodAnswered(logger, methodName, status, message);
        return Answer(status, message);
    }

    public static DirectMethodResponse Answer(int status, string? message) => new(
        status,
        JsonSerializer.SerializeToUtf8Bytes(new MethodResult { Ok = status is >= 200 and < 300, Message = message }, MethodJsonContext.Default.MethodResult));

    /// <summary>Runs a producer command once per (method, command id); a payload without a usable id runs as it is.</summary>
    private async Task<(int, string)> OnceAsync(string methodName, ReadOnlyMemory<byte> payload, Func<Task<(int, string)>> work)
    {
        if (!TryParse(payload, MethodJsonContext.Default.ProducerCommandRequest, out var request, out _) || string.IsNullOrWhiteSpace(request.CommandId))
        {
            return await work().ConfigureAwait(false);
        }

        var (status, message, replayed) = await _recent.RunOnceAsync(methodName + "\u001f" + request.CommandId, work).ConfigureAwait(false);
        if (replayed)
        {
            Log.MethodReplayed(logger, methodName, request.CommandId, status);
        }

        return (status, message);
    }

    private async Task<(int, string)> RebootAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!TryParseProducer(payload, out var request, out var error))
        {
            return (400, error);
        }

        if (control is null)
        {
            return (501, "This module has no control channel to its producers.");
        }

        return await control.RebootAsync(request.ProducerId, cancellationToken).ConfigureAwait(false) switch
        {
            ProducerControlResult.Accepted => (200, $"Reboot of '{request.ProducerId}' accepted."),
            ProducerControlResult.UnknownProducer => (404, $"Unknown producer '{request.ProducerId}'."),
            _ => (501, $"Producer '{request.ProducerId}' cannot reboot (no adapter of this module reaches it, or it has no reboot)."),
        };
    }

    private async Task<(int, string)> ReaddressAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!TryParseProducer(payload, out var request, out var error))
        {
            return (400, error);
        }

        if (!Core.Model.IpAddressText.TryNormalize(request.Ip, out var ip))
        {
            return (400, $"readdress needs the new ip: {Core.Model.IpAddressText.Rule} (was '{request.Ip}').");
        }

        if (control is null)
        {
            return (501, "This module has no control channel to its producers.");
        }

        return await control.ReaddressAsync(request.ProducerId, ip, cancellationToken).ConfigureAwait(false) switch
        {
            ProducerControlResult.Accepted => (200, $"'{request.ProducerId}' now has IP {ip}."),
            ProducerControlResult.UnknownProducer => (404, $"Unknown producer '{request.ProducerId}'."),
            _ => (501, $"Producer '{request.ProducerId}' cannot be readdressed (no adapter of this module reaches it, or it cannot change its address)."),
        };
    }

    /// <summary>
    /// <c>address</c> (docs/adr/0150): a producer's IP moved; the adapters that reached it at the old IP follow it.
    /// Idempotent (a second delivery finds nothing at the old IP), so not kept by command id. A server none of whose
    /// adapters reached it answers 200 too: it was told.
    /// </summary>
    private async Task<(int, string)> RepointAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!TryParseProducer(payload, out var request, out var error))
        {
            return (400, error);
        }

        if (!IpAddressText.TryNormalize(request.Ip, out var ip) || !IpAddressText.TryNormalize(request.PreviousIp, out var previous))
        {
            return (400, $"address needs the new ip and the previousIp: {IpAddressText.Rule} (were '{request.Ip}', '{request.PreviousIp}').");
        }

        var moved = control is null ? 0 : await control.RepointAsync(request.ProducerId, previous, ip, cancellationToken).ConfigureAwait(false);
        return (200, moved == 0
            ? $"'{request.ProducerId}' is now at {ip}; no adapter of this module reached it at {previous}."
            : $"'{request.ProducerId}' is now at {ip}; {moved} adapter(s) of this module moved from {previous}.");
    }

    private async Task<(int, string)> ControlProcessAsync(ReadOnlyMemory<byte> payload, ProcessAction action, CancellationToken cancellationToken)
    {
        if (!TryParseProducer(payload, out var request, out var error))
        {
            return (400, error);
        }

        if (control is null)
        {
            return (501, "This module has no control channel to its producers.");
        }

        var verb = action.ToString().ToLowerInvariant();
        return await control.ControlProcessAsync(request.ProducerId, action, cancellationToken).ConfigureAwait(false) switch
        {
            ProducerControlResult.Accepted => (200, $"{action} of '{request.ProducerId}' accepted."),
            ProducerControlResult.UnknownProducer => (404, $"'{request.ProducerId}' is not a process this module supervises."),
            _ => (501, $"Producer '{request.ProducerId}' cannot {verb} (only supervised processes can)."),
        };
    }

    private (int, string) Resync(ReadOnlyMemory<byte> payload)
    {
        if (!TryParse(payload, MethodJsonContext.Default.ResyncRequest, out var request, out var error))
        {
            return (400, error);
        }

        if (request.FromSeq < 0)
        {
            return (400, "fromSeq must be 0 or more.");
        }

        upstream.RequestResync(request.FromSeq);
        return (200, $"Resync from seq {request.FromSeq} scheduled.");
    }

    private async Task<(int, string)> DeleteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!TryParseProducer(payload, out var request, out var error))
        {
            return (400, error);
        }

        if (!await management.DeleteAsync(request.ProducerId, cancellationToken).ConfigureAwait(false))
        {
            return (404, $"Unknown producer '{request.ProducerId}'.");
        }

        if (control is not null)
        {
            try
            {
                await control.RemoveAsync(request.ProducerId, cancellationToken).ConfigureAwait(false);
            }
            catch (ProducerUnreachableException ex)
            {
                return (502, $"Producer '{request.ProducerId}' was deleted from the status tree, but the equipment was not told: {ex.Message}");
            }
        }

        return (200, $"Producer '{request.ProducerId}' and everything under it deleted.");
    }

    private async Task<(int, string)> AddAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (!TryParseProducer(payload, out var request, out var error))
        {
            return (400, error);
        }

        if (string.IsNullOrWhiteSpace(request.Kind) || request.Kind.Length > 64)
        {
            return (400, "add needs a kind of 1–64 characters.");
        }

        if (request.ParentId is not null && !ProducerId.IsValid(request.ParentId))
        {
            return (400, $"Invalid parentId '{request.ParentId}'.");
        }

        string? mac = null, ip = null;
        if (request.Match is { } match)
        {
            if (match.Mac is not null && !MacAddress.TryNormalize(match.Mac, out mac))
            {
                return (400, $"match.mac '{match.Mac}': {MacAddress.Rule}.");
            }

            if (match.Ip is not null && !IpAddressText.TryNormalize(match.Ip, out ip))
            {
                return (400, $"match.ip '{match.Ip}': {IpAddressText.Rule}.");
            }
        }

        var add = new PendingAdd(request.ProducerId, request.Kind, request.ParentId, request.Config, mac, ip);
        var result = await management.AddAsync(add, cancellationToken).ConfigureAwait(false);
        if (result.Outcome == AddOutcome.Pending)
        {
            var waiting = $"Producer '{request.ProducerId}' will be configured when it shows up{Matching(mac, ip)}.";
            if (string.IsNullOrWhiteSpace(request.CommandId))
            {
                return (200, waiting);
            }

            Remember(request.CommandId, add, waiting);
            return (202, waiting + " The command completes when the equipment took the configuration.");
        }

        return Answer(result, request.ProducerId, mac, ip);
    }

    private static (int, string) Answer(AddResult result, string producerId, string? mac, string? ip) => result.Outcome switch
    {
        AddOutcome.Applied when result.ProducerId == producerId => (200, $"Configuration of '{producerId}' applied."),
        AddOutcome.Applied => (200, $"Configuration applied to '{result.ProducerId}' (matched by {(mac is not null ? "MAC " + mac : "IP " + ip)})."),
        AddOutcome.Refused => (409, result.Detail ?? "The add is ambiguous."),
        _ => (502, $"The configuration of '{result.ProducerId}' is stored, but the equipment did not take it: {result.Detail}."),
    };

    /// <summary>
    /// A delivery of an add that waits for its producer: the equipment's verdict once it showed up and answered the
    /// configuration, 202 until then; null when the command is not one of those (then it runs as usual).
    /// </summary>
    private (int, string)? WaitingAdd(ReadOnlyMemory<byte> payload)
    {
        if (!TryParse(payload, MethodJsonContext.Default.ProducerCommandRequest, out var request, out _)
            || request.CommandId is not { Length: > 0 } commandId
            || !_waitingAdds.TryGetValue(commandId, out var waiting))
        {
            return null;
        }

        var done = waiting.Add.Completion.Task;
        if (!done.IsCompletedSuccessfully)
        {
            return (202, waiting.Waiting + " Still waiting.");
        }

        var result = done.Result;
        var answer = result.Outcome == AddOutcome.Applied && result.ProducerId != waiting.Add.ProducerId
            ? (200, $"Configuration applied to '{result.ProducerId}' when it showed up (matched by {(waiting.Add.Mac is not null ? "MAC " + waiting.Add.Mac : "IP " + waiting.Add.Ip)}).")
            : result.Outcome == AddOutcome.Applied
                ? (200, $"Configuration of '{result.ProducerId}' applied when it showed up.")
                : Answer(result, waiting.Add.ProducerId, waiting.Add.Mac, waiting.Add.Ip);
        Log.WaitingAddCompleted(logger, commandId, answer.Item1);
        return answer;
    }

    /// <summary>Keeps the waiting add by command id; past <see cref="RecentCommandResults.DefaultCapacity"/> the finished ones are dropped first.</summary>
    private void Remember(string commandId, PendingAdd add, string waiting)
    {
        if (_waitingAdds.Count >= RecentCommandResults.DefaultCapacity)
        {
            foreach (var (id, (old, _)) in _waitingAdds)
            {
                if (old.Completion.Task.IsCompleted || _waitingAdds.Count >= RecentCommandResults.DefaultCapacity * 2)
                {
                    _waitingAdds.TryRemove(id, out _);
                }
            }
        }

        _waitingAdds[commandId] = (add, waiting);
    }

    private static string Matching(string? mac, string? ip) => (mac, ip) switch
    {
        (null, null) => string.Empty,
        (not null, null) => $" (or when a producer with MAC {mac} does)",
        (null, not null) => $" (or when a producer with IP {ip} does)",
        _ => $" (or when a producer with MAC {mac} or IP {ip} does)",
    };

    private static bool TryParseProducer(ReadOnlyMemory<byte> payload, out ProducerCommandRequest request, out string error)
    {
        if (!TryParse(payload, MethodJsonContext.Default.ProducerCommandRequest, out request, out error))
        {
            return false;
        }

        if (!ProducerId.IsValid(request.ProducerId))
        {
            error = $"Invalid producerId '{request.ProducerId}'.";
            return false;
        }

        return true;
    }

    private static bool TryParse<T>(ReadOnlyMemory<byte> payload, JsonTypeInfo<T> typeInfo, out T value, out string error)
        where T : class
    {
        value = null!;
        if (payload.IsEmpty)
        {
            error = "The payload is empty; a JSON object is expected.";
            return false;
        }

        try
        {
            var parsed = JsonSerializer.Deserialize(payload.Span, typeInfo);
            if (parsed is null)
            {
                error = "The payload is JSON null; a JSON object is expected.";
                return false;
            }

            value = parsed;
            error = string.Empty;
            return true;
        }
        catch (JsonException ex)
        {
            error = "Malformed payload: " + ex.Message;
            return false;
        }
    }
}
