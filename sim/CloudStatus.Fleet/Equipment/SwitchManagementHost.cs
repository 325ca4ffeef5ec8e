using System.Collections.Concurrent;
using System.Net;
using System.Text;
using CloudStatus.Edge.Producers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Fleet.Equipment;

/// <summary>
/// The management API of one server's simulated switches (docs/equipment-http-api.md): one Kestrel host, one loopback
/// port per switch, so each switch is its own endpoint. Backed by the <see cref="FleetServer"/>: a rebooting or dark
/// switch drops the connection, a hung one never answers, a removed one answers 404. When
/// <paramref name="requiredAuthorization"/> is set, a request without exactly that <c>Authorization</c> header gets 401.
/// Empty slots (<see cref="SlotIds"/>) are ports where a switch may be plugged in later: they answer 404 until one is.
/// </summary>
public sealed class SwitchManagementHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FleetServer _server;
    private readonly string? _requiredAuthorization;
    private readonly Dictionary<string, ListenOptions> _listeners;
    private readonly Dictionary<int, string> _byPort = [];
    private readonly ConcurrentDictionary<(string, string), int> _received = new();

    private SwitchManagementHost(WebApplication app, FleetServer server, string? requiredAuthorization, Dictionary<string, ListenOptions> listeners)
    {
        _app = app;
        _server = server;
        _requiredAuthorization = requiredAuthorization;
        _listeners = listeners;
    }

    /// <summary>Each switch's and each slot's base URL.</summary>
    public IReadOnlyDictionary<string, Uri> Urls { get; private set; } = new Dictionary<string, Uri>();

    /// <summary>The ids a switch plugged into an empty slot gets (<c>{serverId}.sw-slot-1</c>, …), each with its own port.</summary>
    public IReadOnlyList<string> SlotIds { get; private set; } = [];

    /// <summary>The id of slot <paramref name="n"/> (1-based) of <paramref name="serverId"/>.</summary>
    public static string SlotId(string serverId, int n) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{serverId}.sw-slot-{n}");

    public static async Task<SwitchManagementHost> StartAsync(
        FleetServer server, string? requiredAuthorization = null, int slots = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        var listeners = new Dictionary<string, ListenOptions>(StringComparer.Ordinal);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var id in server.SwitchIds.Concat(Enumerable.Range(1, slots).Select(n => SlotId(server.ServerId, n))))
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listeners[id] = listen);
            }
        });
        var host = new SwitchManagementHost(builder.Build(), server, requiredAuthorization, listeners);
        host.Map();
        await host._app.StartAsync(cancellationToken).ConfigureAwait(false);
        var urls = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var (id, listen) in listeners)
        {
            var port = listen.IPEndPoint!.Port; // Kestrel writes back the port it bound
            host._byPort[port] = id;
            urls[id] = new Uri($"http://127.0.0.1:{port}/");
        }

        host.Urls = urls;
        host.SlotIds = [.. Enumerable.Range(1, slots).Select(n => SlotId(server.ServerId, n))];
        return host;
    }

    /// <summary>How many requests of <paramref name="action"/> (e.g. <c>POST /reboot</c>) the switch's endpoint received.</summary>
    public int Received(string switchId, string action) => _received.GetValueOrDefault((switchId, action));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            if (!_byPort.TryGetValue(context.Connection.LocalPort, out var id))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            _received.AddOrUpdate((id, $"{context.Request.Method} {context.Request.Path}"), 1, (_, n) => n + 1);
            if (_requiredAuthorization is not null && context.Request.Headers.Authorization != _requiredAuthorization)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            if (_server.DescribeSwitch(id, withConnectivity: context.Request.Path == "/connectivity") is not { } view)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (view.Hung)
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
                return;
            }

            if (!view.Answers)
            {
                context.Abort(); // rebooting or dark: the connection drops
                return;
            }

            context.Items[nameof(SwitchView)] = view;
            await next(context).ConfigureAwait(false);
        });

        _app.MapGet("/status", (HttpContext c) =>
        {
            var v = View(c);
            return TypedResults.Json(new SwitchStatusBody(v.Health, v.Firmware, v.BootCount, new SwitchStateBody(v.Load), v.Mac, v.Ip), SwitchApiJsonContext.Default.SwitchStatusBody);
        });
        _app.MapGet("/config", (HttpContext c) => TypedResults.Text(View(c).Config ?? "{}", "application/json"));
        _app.MapGet("/connectivity", (HttpContext c) =>
        {
            var v = View(c);
            return TypedResults.Json(
                new SwitchConnectivityBody(
                    [.. v.Reachable.Order(StringComparer.Ordinal)],
                    v.Peers.Count == v.Reachable.Count ? null : [.. v.Peers.Order(StringComparer.Ordinal)]),
                SwitchApiJsonContext.Default.SwitchConnectivityBody);
        });
        // (HttpContext, CancellationToken) handlers: a lone HttpContext parameter would bind as a RequestDelegate and drop the result.
        _app.MapPost("/reboot", async (HttpContext c, CancellationToken ct) => Answer(await _server.RebootAsync(View(c).SwitchId, ct).ConfigureAwait(false)));
        _app.MapPut("/config", async (HttpContext c, CancellationToken ct) =>
        {
            using var reader = new StreamReader(c.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
            if (!IsJsonObject(body))
            {
                return Results.Problem("The body must be a JSON object.", statusCode: StatusCodes.Status400BadRequest);
            }

            return Answer(await _server.ApplyConfigAsync(View(c).SwitchId, body, ct).ConfigureAwait(false));
        });
        _app.MapPut("/address", async (HttpContext c, CancellationToken ct) =>
        {
            using var reader = new StreamReader(c.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(ct).ConfigureAwait(false);
            var ip = ReadIp(body);
            if (ip is null)
            {
                return Results.Problem("The body must be {\"ip\": \"<an IP address>\"}.", statusCode: StatusCodes.Status400BadRequest);
            }

            return _server.SetIp(View(c).SwitchId, ip) ? Results.StatusCode(StatusCodes.Status202Accepted) : Results.NotFound();
        });
        _app.MapDelete("/", async (HttpContext c, CancellationToken ct) => Answer(await _server.RemoveAsync(View(c).SwitchId, ct).ConfigureAwait(false)));
    }

    private static SwitchView View(HttpContext context) => (SwitchView)context.Items[nameof(SwitchView)]!;

    private static IResult Answer(ProducerControlResult result) => result switch
    {
        ProducerControlResult.Accepted => Results.StatusCode(StatusCodes.Status202Accepted),
        ProducerControlResult.UnknownProducer => Results.NotFound(),
        _ => Results.StatusCode(StatusCodes.Status501NotImplemented),
    };

    private static string? ReadIp(string body)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(body) is System.Text.Json.Nodes.JsonObject o
                && o["ip"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text)
                && Core.Model.IpAddressText.TryNormalize(text, out var ip)
                ? ip
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static bool IsJsonObject(string body)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(body) is System.Text.Json.Nodes.JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
