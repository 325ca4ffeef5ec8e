using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Peers;

/// <summary>
/// The peer-to-peer interface (seed 004's surrogate manager, docs/adr/0145), one for every server of a site:
/// <c>GET /peer/v1/hello</c> (are you there, what do you manage, your version), <c>GET /peer/v1/heap?under=</c> (its
/// heap, or one subtree of it), <c>POST /peer/v1/history</c> (a page of its local history, the body and answer of
/// the <c>history</c> direct method) and <c>GET /peer/v1/equipment</c> (its switches' management entries, ADR 171). Every request is signed by a peer and every answer signed back (401/403 problem
/// details, unsigned, for a caller that is not one).
/// </summary>
internal static class PeerApi
{
    public const string Prefix = "/peer/v1";
    public const int MaxRequestBytes = 64 * 1024;

    public static IEndpointRouteBuilder MapPeerApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix);
        group.MapGet("/hello", context => HandleAsync(context, Hello));
        group.MapGet("/heap", context => HandleAsync(context, Heap));
        group.MapPost("/history", context => HandleAsync(context, HistoryAsync));
        group.MapGet("/equipment", context => HandleAsync(context, Equipment));
        return endpoints;
    }

    private static Task HandleAsync(HttpContext context, Func<HttpContext, PeerLocalNode, (int, byte[])> answer) =>
        HandleAsync(context, (c, node, _, _) => Task.FromResult(answer(c, node)));

    private static async Task HandleAsync(HttpContext context, Func<HttpContext, PeerLocalNode, byte[], CancellationToken, Task<(int Status, byte[] Body)>> answer)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PeerApi).FullName!);
        var body = await ReadAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var verdict = body is null
            ? new PeerVerdict(StatusCodes.Status413PayloadTooLarge, "too-large", $"A peer request body is at most {MaxRequestBytes} bytes.", null, null, null)
            : services.GetRequiredService<PeerAuthenticator>().Verify(context.Request, body);
        if (!verdict.Admitted)
        {
            Log.PeerRequestRefused(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", verdict.Reason!, verdict.Detail!);
            if (verdict.Status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = PeerSignature.Scheme;
            }

            await Results.Problem(detail: verdict.Detail, statusCode: verdict.Status, title: "Not a peer request this server takes").ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var node = services.GetRequiredService<PeerLocalNode>();
        var (status, payload) = await answer(context, node, body!, context.RequestAborted).ConfigureAwait(false);
        var directory = services.GetRequiredService<PeerDirectory>();
        var stamp = PeerSignature.FormatTimestamp(services.GetRequiredService<TimeProvider>().GetUtcNow());
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.Headers[PeerSignature.From] = directory.ServerId;
        response.Headers[PeerSignature.Timestamp] = stamp;
        response.Headers[PeerSignature.Signature] = PeerSignature.Sign(
            verdict.Key!, PeerSignature.AnswerString(verdict.Nonce!, status, directory.ServerId, verdict.PeerId!, stamp, payload));
        Log.PeerRequestAnswered(logger, verdict.PeerId!, context.Request.Path, status);
        await response.Body.WriteAsync(payload, context.RequestAborted).ConfigureAwait(false);
    }

    private static (int, byte[]) Hello(HttpContext context, PeerLocalNode node)
    {
        var registration = node.Registration;
        var heap = node.Heap;
        var hello = new PeerHello
        {
            ServerId = context.RequestServices.GetRequiredService<PeerDirectory>().ServerId,
            TenantId = node.TenantId,
            SiteId = node.SiteId,
            SoftwareVersion = registration.SoftwareVersion,
            Subtrees = registration.Subtrees,
            ProducerKinds = registration.ProducerKinds,
            FailoverPeer = registration.FailoverPeer,
            Running = heap is not null,
            Epoch = heap?.Epoch,
            MaxSeq = heap?.MaxSeq ?? 0,
            LiveRecords = heap?.LiveCount ?? 0,
            At = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        return (StatusCodes.Status200OK, JsonSerializer.SerializeToUtf8Bytes(hello, PeerJsonContext.Default.PeerHello));
    }

    private static (int, byte[]) Heap(HttpContext context, PeerLocalNode node)
    {
        var under = context.Request.Query["under"].ToString();
        if (under.Length > 0 && !Core.Model.ProducerId.IsValid(under))
        {
            return Error(StatusCodes.Status400BadRequest, $"'under' must be a producer id.");
        }

        if (node.Heap is not { } heap)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "The node is stopped; its heap is not open.");
        }

        var records = heap.Records();
        var answer = new PeerHeap
        {
            Epoch = heap.Epoch,
            MaxSeq = heap.MaxSeq,
            Records = under.Length == 0 ? records : [.. records.Where(r => IsUnder(r.ProducerId, under))],
        };
        return (StatusCodes.Status200OK, JsonSerializer.SerializeToUtf8Bytes(answer, PeerJsonContext.Default.PeerHeap));
    }

    private static (int, byte[]) Equipment(HttpContext context, PeerLocalNode node)
    {
        var entries = node.Equipment.Values.Where(e => e.Adapter == Producers.Adapters.EquipmentAdapters.Http).OrderBy(e => e.ProducerId, StringComparer.Ordinal).ToList();
        return (StatusCodes.Status200OK, JsonSerializer.SerializeToUtf8Bytes(new PeerEquipment { Entries = entries }, PeerJsonContext.Default.PeerEquipment));
    }

    private static bool IsUnder(string id, string root) =>
        id.StartsWith(root, StringComparison.Ordinal) && (id.Length == root.Length || id[root.Length] == '.');

    private static async Task<(int, byte[])> HistoryAsync(HttpContext context, PeerLocalNode node, byte[] body, CancellationToken cancellationToken) =>
        await node.QueryHistoryAsync(body, cancellationToken).ConfigureAwait(false);

    private static (int, byte[]) Error(int status, string message) =>
        (status, JsonSerializer.SerializeToUtf8Bytes(new PeerError(message), PeerJsonContext.Default.PeerError));

    /// <summary>The body, or null when it is larger than <see cref="MaxRequestBytes"/>.</summary>
    private static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxRequestBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
