using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace CloudStatus.Edge.Tests.IotHub;

/// <summary>
/// An in-process MQTTnet server playing edgeHub for the module transport: records CONNECTs, publishes and
/// subscriptions, can hold PUBACKs, refuse connections, push method requests, and restart on the same port.
/// </summary>
internal sealed class ScriptedEdgeHub : IAsyncDisposable
{
    private MqttServer? _server;

    public int Port { get; private set; }

    public ConcurrentQueue<ConnectAttempt> Connects { get; } = new();

    public ConcurrentQueue<ReceivedPublish> Publishes { get; } = new();

    public ConcurrentQueue<string> Subscriptions { get; } = new();

    public ConcurrentDictionary<string, bool> ConnectedClients { get; } = new();

    /// <summary>Decides each CONNECT (default: accept).</summary>
    public Func<ConnectAttempt, bool> Accept { get; set; } = _ => true;

    /// <summary>Awaited before a device-to-cloud publish is acknowledged (default: ack at once).</summary>
    public Func<Task> BeforeAck { get; set; } = () => Task.CompletedTask;

    public IEnumerable<ReceivedPublish> Events => Publishes.Where(p => p.Topic.StartsWith("devices/", StringComparison.Ordinal));

    public static async Task<ScriptedEdgeHub> StartNewAsync()
    {
        var hub = new ScriptedEdgeHub();
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

        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
            .WithDefaultEndpointPort(Port)
            .WithDefaultEndpointReuseAddress()
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
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
        };
        await server.StartAsync();
        _server = server;
    }

    public async Task StopAsync()
    {
        var server = Interlocked.Exchange(ref _server, null);
        if (server is not null)
        {
            await server.StopAsync();
            server.Dispose();
        }
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

internal sealed record ConnectAttempt(string ClientId, string UserName, string Password, bool? CleanSession, MqttProtocolVersion ProtocolVersion);

internal sealed record ReceivedPublish(string ClientId, string Topic, byte[] Payload, MqttQualityOfServiceLevel QualityOfService);
