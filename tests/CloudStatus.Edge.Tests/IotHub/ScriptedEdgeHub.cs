using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.AspNetCore;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace CloudStatus.Edge.Tests.IotHub;

/// <summary>
/// An in-process MQTTnet server playing edgeHub for the module transport: records CONNECTs, publishes and
/// subscriptions, can hold PUBACKs, refuse connections, push method requests, answer twin requests (see the Twin
/// part), and restart on the same port. It listens on plain TCP, TLS, or WebSockets (MQTTnet.AspNetCore on Kestrel,
/// at edgeHub's path <c>/$iothub/websocket</c>, with TLS when a certificate is given).
/// </summary>
internal sealed partial class ScriptedEdgeHub(HubListener listener = HubListener.Tcp, X509Certificate2? certificate = null) : IAsyncDisposable
{
    public const string WebSocketPath = "/$iothub/websocket";

    private MqttServer? _server;
    private WebApplication? _web;

    public int Port { get; private set; }

    public ConcurrentQueue<ConnectAttempt> Connects { get; } = new();

    public ConcurrentQueue<ReceivedPublish> Publishes { get; } = new();

    public ConcurrentQueue<string> Subscriptions { get; } = new();

    public ConcurrentDictionary<string, bool> ConnectedClients { get; } = new();

    /// <summary>Every HTTP request that reached the WebSockets listener: path and requested subprotocols.</summary>
    public ConcurrentQueue<(string Path, string SubProtocols)> WebRequests { get; } = new();

    /// <summary>Decides each CONNECT (default: accept).</summary>
    public Func<ConnectAttempt, bool> Accept { get; set; } = _ => true;

    /// <summary>Awaited before a device-to-cloud publish is acknowledged (default: ack at once).</summary>
    public Func<Task> BeforeAck { get; set; } = () => Task.CompletedTask;

    public IEnumerable<ReceivedPublish> Events => Publishes.Where(p => p.Topic.StartsWith("devices/", StringComparison.Ordinal));

    public static async Task<ScriptedEdgeHub> StartNewAsync(HubListener listener = HubListener.Tcp, X509Certificate2? certificate = null)
    {
        var hub = new ScriptedEdgeHub(listener, certificate);
        await hub.StartAsync();
        return hub;
    }

    public async Task StartAsync()
    {
        if (Port == 0)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        if (listener == HubListener.WebSockets)
        {
            await StartWebAsync();
            return;
        }

        var builder = new MqttServerOptionsBuilder();
        if (listener == HubListener.Tls)
        {
            builder.WithoutDefaultEndpoint()
                .WithEncryptedEndpoint()
                .WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback)
                .WithEncryptedEndpointBoundIPV6Address(IPAddress.None)
                .WithEncryptedEndpointPort(Port)
                .WithEncryptionCertificate(certificate ?? throw new InvalidOperationException("TLS needs a certificate."));
        }
        else
        {
            builder.WithDefaultEndpoint()
                .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
                .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
                .WithDefaultEndpointPort(Port)
                .WithDefaultEndpointReuseAddress();
        }

        var server = new MqttServerFactory().CreateMqttServer(builder.Build());
        Script(server);
        await server.StartAsync();
        _server = server;
    }

    public async Task StopAsync()
    {
        var web = Interlocked.Exchange(ref _web, null);
        var server = Interlocked.Exchange(ref _server, null);
        if (web is not null)
        {
            await web.StopAsync();
            await web.DisposeAsync();
        }
        else if (server is not null)
        {
            await server.StopAsync();
            server.Dispose();
        }
    }

    /// <summary>MQTT over WebSockets on Kestrel (TLS when a certificate is given), MQTTnet's server behind it.</summary>
    private async Task StartWebAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port, endpoint =>
        {
            if (certificate is not null)
            {
                endpoint.UseHttps(certificate);
            }
        }));
        builder.Services.AddHostedMqttServer(options => options.WithoutDefaultEndpoint());
        builder.Services.AddMqttConnectionHandler();
        builder.Services.AddConnections();
        var web = builder.Build();
        web.Use((context, next) =>
        {
            WebRequests.Enqueue((context.Request.Path.Value ?? string.Empty, context.Request.Headers.SecWebSocketProtocol.ToString()));
            return next(context);
        });
        web.MapMqtt(WebSocketPath);
        var server = web.Services.GetRequiredService<MqttServer>();
        Script(server);
        await web.StartAsync();
        _web = web;
        _server = server;
    }

    private void Script(MqttServer server)
    {
        server.ValidatingConnectionAsync += e =>
        {
            var attempt = new ConnectAttempt(e.ClientId, e.UserName, e.Password, e.CleanSession, e.ProtocolVersion);
            Connects.Enqueue(attempt);
            if (!Accept(attempt))
            {
                e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
            }

            return Task.CompletedTask;
        };
        server.ClientConnectedAsync += e =>
        {
            ConnectedClients[e.ClientId] = true;
            return Task.CompletedTask;
        };
        server.ClientDisconnectedAsync += e =>
        {
            ConnectedClients.TryRemove(e.ClientId, out _);
            return Task.CompletedTask;
        };
        server.ClientSubscribedTopicAsync += e =>
        {
            Subscriptions.Enqueue(e.TopicFilter.Topic);
            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += async e =>
        {
            if (e.ClientId == "edgeHub")
            {
                return;
            }

            Publishes.Enqueue(new ReceivedPublish(
                e.ClientId,
                e.ApplicationMessage.Topic,
                e.ApplicationMessage.Payload.ToArray(),
                e.ApplicationMessage.QualityOfServiceLevel));
            if (e.ApplicationMessage.Topic.StartsWith("devices/", StringComparison.Ordinal))
            {
                await BeforeAck();
            }
            else if (e.ApplicationMessage.Topic.StartsWith("$iothub/twin/", StringComparison.Ordinal))
            {
                var topic = e.ApplicationMessage.Topic;
                var payload = e.ApplicationMessage.Payload.ToArray();
                _ = Task.Run(() => AnswerTwinRequestAsync(topic, payload));
            }
        };
    }

    /// <summary>Publishes a method request as IoT Hub would (to every subscriber of the method filter).</summary>
    public Task SendMethodRequestAsync(string method, string requestId, byte[] payload)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic($"$iothub/methods/POST/{method}/?$rid={requestId}")
            .WithPayload(payload)
            .Build();
        return _server!.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "edgeHub" });
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}

internal enum HubListener
{
    Tcp,
    Tls,
    WebSockets,
}

internal sealed record ConnectAttempt(string ClientId, string UserName, string Password, bool? CleanSession, MqttProtocolVersion ProtocolVersion);

internal sealed record ReceivedPublish(string ClientId, string Topic, byte[] Payload, MqttQualityOfServiceLevel QualityOfService);
