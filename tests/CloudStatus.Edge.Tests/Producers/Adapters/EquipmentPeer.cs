using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Tests.Producers.Adapters;

/// <summary>
/// A scripted switch speaking the equipment HTTP API (docs/equipment-http-api.md) on a real Kestrel listener on
/// 127.0.0.1 (TLS when given a certificate). Its answers can be switched to faults: a status code, garbage, a hang.
/// </summary>
internal sealed class EquipmentPeer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;
    private int _maxInFlight;

    private EquipmentPeer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;
    public int BootCount { get; set; } = 1;
    public string Firmware { get; set; } = "7.1.0";
    public string Health { get; set; } = "online";
    public string Config { get; set; } = """{"vlan":10}""";
    public string Reachable { get; set; } = """["srv-01.sw-02","srv-02.sw-01"]""";

    /// <summary>The JSON of <c>peers</c> in <c>GET connectivity</c>; null leaves the member out.</summary>
    public string? Peers { get; set; }
    public string? RequiredAuthorization { get; set; }
    public int? FailWith { get; set; }
    public bool Garbage { get; set; }
    public bool Hang { get; set; }

    /// <summary>Extra members of the status answer, e.g. <c>,"mac":"…","ip":"…"</c>.</summary>
    public string Identity { get; set; } = string.Empty;

    public ConcurrentQueue<string> Received { get; } = new();

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public TaskCompletionSource FirstHang { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="certificate">Serve TLS with it.</param>
    /// <param name="address">Another loopback address to listen on (Linux routes all of 127.0.0.0/8 to loopback).</param>
    /// <param name="port">A given port (0: any free one).</param>
    public static async Task<EquipmentPeer> StartAsync(X509Certificate2? certificate = null, IPAddress? address = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address ?? IPAddress.Loopback, port, l =>
        {
            if (certificate is not null)
            {
                l.UseHttps(certificate);
            }
        }));
        var peer = new EquipmentPeer(builder.Build());
        peer.Map();
        await peer._app.StartAsync();
        var bound = new Uri(peer._app.Urls.First()).Port;
        peer.Url = new Uri($"{(certificate is null ? "http" : "https")}://{(certificate is null ? (address ?? IPAddress.Loopback).ToString() : "localhost")}:{bound}/");
        return peer;
    }

    public async ValueTask DisposeAsync()
    {
        _release.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            Received.Enqueue($"{context.Request.Method} {context.Request.Path} {context.Request.Headers.Authorization}".TrimEnd());
            var now = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _maxInFlight, now);
            try
            {
                if (RequiredAuthorization is not null && context.Request.Headers.Authorization != RequiredAuthorization)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }
                else if (Hang)
                {
                    FirstHang.TrySetResult();
                    await Task.WhenAny(_release.Task, Task.Delay(Timeout.Infinite, context.RequestAborted));
                }
                else if (FailWith is { } status)
                {
                    context.Response.StatusCode = status;
                }
                else if (Garbage)
                {
                    await context.Response.WriteAsync("<html>not json");
                }
                else
                {
                    await next(context);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        });
        _app.MapGet("/status", () => Json(string.Create(
            CultureInfo.InvariantCulture, $$$"""{"health":"{{{Health}}}","firmware":"{{{Firmware}}}","bootCount":{{{BootCount}}},"state":{"load":3}{{{Identity}}}}""")));
        _app.MapGet("/config", () => Json(Config));
        _app.MapGet("/connectivity", () => Json(Peers is null ? $$"""{"reachable":{{Reachable}}}""" : $$"""{"reachable":{{Reachable}},"peers":{{Peers}}}"""));
        _app.MapPost("/reboot", () =>
        {
            BootCount++;
            Firmware = "7.2.0";
            return Results.Accepted();
        });
        _app.MapPut("/config", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            Config = await reader.ReadToEndAsync();
            return Results.Accepted();
        });
        _app.MapDelete("/", () => Results.Accepted());
    }

    private static IResult Json(string body) => Results.Text(body, "application/json");

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
