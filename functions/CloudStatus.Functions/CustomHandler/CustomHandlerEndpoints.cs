using System.Text.Json;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Sweep;
using CloudStatus.Functions.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions.CustomHandler;

/// <summary>
/// The invocation endpoints the Functions host POSTs to, one per non-HTTP function (<c>/{FunctionName}</c>). Mapped
/// only under the host (<see cref="CustomHandlerMode"/>): they trust their caller, which is the host on loopback.
/// </summary>
internal static class CustomHandlerEndpoints
{
    public const string IngestStatus = "IngestStatus";
    public const string SweepHeartbeats = "SweepHeartbeats";
    public const string BuildConnectivityMatrix = "BuildConnectivityMatrix";
    public const string DispatchCommands = "DispatchCommands";
    public const string DispatchPoison = "DispatchPoison";
    public const string RescanCommands = "RescanCommands";

    /// <summary>The queueTrigger binding name in DispatchCommands/ and DispatchPoison/function.json.</summary>
    public const string MessageBinding = "message";

    /// <summary>The eventHubTrigger binding name in IngestStatus/function.json.</summary>
    public const string EventsBinding = "events";

    /// <summary>The timerTrigger binding name in SweepHeartbeats/ and BuildConnectivityMatrix/function.json.</summary>
    public const string TimerBinding = "timer";

    /// <summary>64 events of at most 256 KiB, base64 inside a JSON string, with their metadata, fit well inside.</summary>
    private const long MaxInvocationBytes = 64L * 1024 * 1024;

    public static IEndpointRouteBuilder MapCustomHandlerInvocations(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(string.Empty).AllowAnonymous().ExcludeFromDescription();
        group.MapPost("/" + IngestStatus, IngestStatusAsync).WithMetadata(new RequestSizeLimitAttribute(MaxInvocationBytes));
        group.MapPost("/" + SweepHeartbeats, SweepHeartbeatsAsync);
        group.MapPost("/" + BuildConnectivityMatrix, BuildConnectivityMatrixAsync);
        group.MapPost("/" + DispatchCommands, DispatchCommandsAsync);
        group.MapPost("/" + DispatchPoison, DispatchPoisonAsync);
        group.MapPost("/" + RescanCommands, RescanCommandsAsync);
        return endpoints;
    }

    internal static async Task<Results<JsonHttpResult<InvocationResponse>, ProblemHttpResult>> IngestStatusAsync(
        HttpRequest request, EventBatchIngestor ingestor, CancellationToken cancellationToken)
    {
        IReadOnlyList<HubEvent> events;
        try
        {
            events = EventHubInvocationReader.Read(await ReadAsync(request, cancellationToken).ConfigureAwait(false), EventsBinding);
        }
        catch (Exception ex) when (ex is JsonException or InvalidInvocationException)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Not an Event Hubs invocation");
        }

        var outcome = await ingestor.IngestAsync(events, cancellationToken).ConfigureAwait(false);

        // A failed invocation is only logged by the host (no retry policy: ingest retried inside, a gap heals the rest);
        // answering 500 makes the failure visible in the host's invocation log and metrics.
        return Answer(outcome.Logs, outcome.Complete ? StatusCodes.Status200OK : StatusCodes.Status500InternalServerError);
    }

    internal static Task<Results<JsonHttpResult<InvocationResponse>, ProblemHttpResult>> SweepHeartbeatsAsync(
        HttpRequest request, HeartbeatSweeper sweeper, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        TimerAsync(
            request,
            async ct => $"heartbeat sweep: {await sweeper.SweepOnceAsync(ct).ConfigureAwait(false)} servers went offline",
            ex =>
            {
                Log.SweepFailed(loggers.CreateLogger(typeof(CustomHandlerEndpoints)), ex);
                return "heartbeat sweep failed: " + ex.Message;
            },
            cancellationToken);

    internal static Task<Results<JsonHttpResult<InvocationResponse>, ProblemHttpResult>> BuildConnectivityMatrixAsync(
        HttpRequest request, ViewBuilder views, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        TimerAsync(
            request,
            async ct => $"views built for {await views.BuildAllAsync(ct).ConfigureAwait(false)} tenants",
            ex =>
            {
                Log.ViewsFailed(loggers.CreateLogger(typeof(CustomHandlerEndpoints)), ex);
                return "building views failed: " + ex.Message;
            },
            cancellationToken);

    /// <summary>
    /// One dispatch queue message. 200 completes it (the host deletes it); 500 leaves it for the host to deliver again,
    /// and after the host's <c>maxDequeueCount</c> to move to the poison queue, which <see cref="DispatchPoisonAsync"/> reads.
    /// </summary>
    internal static async Task<Results<JsonHttpResult<InvocationResponse>, ProblemHttpResult>> DispatchCommandsAsync(
        HttpRequest request, DispatchProcessor processor, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        (string Body, long DequeueCount) message;
        try
        {
            message = ReadQueueMessage(await ReadAsync(request, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is JsonException or InvalidInvocationException)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Not a queue invocation");
        }

        try
        {
            var line = await processor.ProcessAsync(message.Body, message.DequeueCount, cancellationToken).ConfigureAwait(false);
            return Answer([line], StatusCodes.Status200OK);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.DispatchAttemptFailed(loggers.CreateLogger(typeof(CustomHandlerEndpoints)), ex, "(host)", message.DequeueCount);
            return Answer([$"dispatch attempt {message.DequeueCount} failed: {ex.Message}"], StatusCodes.Status500InternalServerError);
        }
    }

    /// <summary>A message the host gave up on: the command it carried ends failed with the reason.</summary>
    internal static async Task<Results<JsonHttpResult<InvocationResponse>, ProblemHttpResult>> DispatchPoisonAsync(
        HttpRequest request, DispatchProcessor processor, CancellationToken cancellationToken)
    {
        (string Body, long DequeueCount) message;
        try
        {
            message = ReadQueueMessage(await ReadAsync(request, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is JsonException or InvalidInvocationException)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Not a queue invocation");
        }

        var line = await processor.PoisonedAsync(message.Body, reason: null, cancellationToken).ConfigureAwait(false);
        return Answer([line], StatusCodes.Status200OK);
    }

    internal static Task<Results<JsonHttpResult<InvocationResponse>, ProblemHttpResult>> RescanCommandsAsync(
        HttpRequest request, CommandRescanner rescanner, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        TimerAsync(
            request,
            async ct =>
            {
                var result = await rescanner.RescanOnceAsync(ct).ConfigureAwait(false);
                return $"command re-scan: {result.Requeued} requeued, {result.TimedOut} timed out";
            },
            ex =>
            {
                Log.RescanFailed(loggers.CreateLogger(typeof(CustomHandlerEndpoints)), ex);
                return "command re-scan failed: " + ex.Message;
            },
            cancellationToken);

    /// <summary>
    /// The queue message of a queueTrigger invocation: <c>Data.message</c> (a JSON body arrives as JSON text in a
    /// string, decoded to the object: its raw text is the body) and <c>Metadata.DequeueCount</c>.
    /// </summary>
    internal static (string Body, long DequeueCount) ReadQueueMessage(InvocationRequest invocation)
    {
        var value = invocation.DataValue(MessageBinding) ?? throw new InvalidInvocationException($"The invocation has no Data.{MessageBinding}.");
        var body = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        var count = invocation.MetadataValue("DequeueCount") is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var c) ? c : 1;
        return (body, count);
    }

    /// <summary>
    /// One timer tick: runs the work once. A failure answers 500 (the host logs a failed invocation) and the next
    /// tick simply runs again; a tick the host reports past due is noted in the logs.
    /// </summary>
    private static async Task<Results<JsonHttpResult<InvocationResponse>, ProblemHttpResult>> TimerAsync(
        HttpRequest request, Func<CancellationToken, Task<string>> work, Func<Exception, string> failed, CancellationToken cancellationToken)
    {
        InvocationRequest invocation;
        try
        {
            invocation = await ReadAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or InvalidInvocationException)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Not a timer invocation");
        }

        var logs = new List<string>();
        if (invocation.DataValue(TimerBinding) is { ValueKind: JsonValueKind.Object } timer
            && InvocationRequest.Property(timer, "IsPastDue") is { ValueKind: JsonValueKind.True })
        {
            logs.Add("the timer is past due");
        }

        try
        {
            logs.Add(await work(cancellationToken).ConfigureAwait(false));
            return Answer(logs, StatusCodes.Status200OK);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logs.Add(failed(ex));
            return Answer(logs, StatusCodes.Status500InternalServerError);
        }
    }

    private static async Task<InvocationRequest> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        return InvocationRequest.Parse(document.RootElement.Clone());
    }

    private static JsonHttpResult<InvocationResponse> Answer(IReadOnlyList<string> logs, int status) =>
        TypedResults.Json(InvocationResponse.WithLogs(logs), CustomHandlerJsonContext.Default.InvocationResponse, statusCode: status);
}
