using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet.AspNetCore;

namespace CloudStatus.Dev.Hub;

/// <summary>
/// MQTT over WebSockets as IoT Hub serves it: <c>wss://{host}/$iothub/websocket</c>, subprotocol <c>mqtt</c>. A small
/// Kestrel host of its own on 127.0.0.1 (HTTPS with the hub's certificate) whose connections join the hub's MQTT
/// server through MQTTnet's WebSocket adapter.
/// </summary>
internal sealed class DevHubWebSocketEndpoint : IAsyncDisposable
{
    public const string Path = "/$iothub/websocket";

    private readonly WebApplication _app;

    private DevHubWebSocketEndpoint(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <param name="port">0 picks a free port.</param>
    public static async Task<DevHubWebSocketEndpoint> StartAsync(
        int port,
        X509Certificate2 certificate,
        MqttWebSocketServerAdapter adapter,
        CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddRouting();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(async context =>
        {
            if (context.Request.Path != Path || !context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var subProtocol = MqttSubProtocolSelector.SelectSubProtocol(context.Request);
            using var webSocket = await context.WebSockets.AcceptWebSocketAsync(subProtocol).ConfigureAwait(false);
            await adapter.RunWebSocketConnectionAsync(webSocket, context).ConfigureAwait(false);
        });

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DevHubWebSocketEndpoint(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
