using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// The sites' routers in the dev stack (docs/adr/0110): one loopback HTTP endpoint, <c>/sites/{siteId}/</c> per site,
/// that takes <c>PUT mappings/{newIp}</c> <c>{"network","to"}</c> from central's router adapter and lists what it
/// holds at <c>GET mappings</c>. Its port is picked when the stack is built, so central's settings can name it.
/// </summary>
internal sealed class SimulatedRouter : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string Site, string From), string> _mappings = new();
    private WebApplication? _app;

    public SimulatedRouter()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public Uri SiteUrl(string siteId) => new($"http://127.0.0.1:{Port}/sites/{siteId}/");

    /// <summary>The site's mappings: new address → the JSON body it was given (network and old address).</summary>
    public IReadOnlyDictionary<string, string> Mappings(string siteId) =>
        _mappings.Where(m => m.Key.Site == siteId).ToDictionary(m => m.Key.From, m => m.Value, StringComparer.Ordinal);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls($"http://127.0.0.1:{Port}");
        var app = builder.Build();
        app.MapPut("/sites/{siteId}/mappings/{ip}", async (string siteId, string ip, HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            try
            {
                using var parsed = JsonDocument.Parse(body);
                if (!parsed.RootElement.TryGetProperty("to", out _) || !parsed.RootElement.TryGetProperty("network", out _))
                {
                    return Results.Problem("The body must be {\"network\": …, \"to\": \"<old address>\"}.", statusCode: StatusCodes.Status400BadRequest);
                }
            }
            catch (JsonException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest);
            }

            _mappings[(siteId, ip)] = body;
            return Results.NoContent();
        });
        app.MapGet("/sites/{siteId}/mappings", (string siteId) => Results.Json(Mappings(siteId)));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
