using System.Collections.Concurrent;
using CloudStatus.Dev.Hub;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Edge.Transport.IotHub.Sas;
using MQTTnet;
using MQTTnet.Formatter;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Dev.Tests.Hub;

/// <summary>A started <see cref="DevIotHub"/> on a free loopback port with a recording sink, plus running module transports.</summary>
internal sealed class HubHarness : IAsyncDisposable
{
    public const string ModuleId = "cloudstatus";

    private readonly List<(MqttIotHubTransport Transport, Task Loop)> _transports = [];
    private readonly List<IMqttClient> _rawClients = [];
    private readonly CancellationTokenSource _stop = new();

    private HubHarness(DevIotHub hub, RecordingSink sink, FakeTimeProvider time)
    {
        Hub = hub;
        Sink = sink;
        Time = time;
    }

    public DevIotHub Hub { get; }

    public RecordingSink Sink { get; }

    /// <summary>The hub's clock (token expiry, enqueued time, method timeouts). Starts at the real now.</summary>
    public FakeTimeProvider Time { get; }

    public static async Task<HubHarness> StartAsync()
    {
        var sink = new RecordingSink();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var hub = new DevIotHub(new DevIotHubOptions(), sink, time, NullLogger<DevIotHub>.Instance);
        await hub.StartAsync();
        return new HubHarness(hub, sink, time);
    }

    /// <summary>Runs the real module transport of <paramref name="deviceId"/>; waits until it is connected unless told not to.</summary>
    public async Task<MqttIotHubTransport> RunModuleAsync(
        string deviceId,
        IDirectMethodHandler? handler = null,
        string? connectionString = null,
        bool waitConnected = true,
        Action<IotHubTransportOptions>? configure = null)
    {
        var transport = connectionString is null
            ? DevHubModuleTransport.Create(Hub, deviceId, ModuleId, handler, configure: o =>
            {
                FastReconnect(o);
                configure?.Invoke(o);
            })
            : IotHubTransportFactory.Create(connectionString, o =>
            {
                o.Port = Hub.Port;
                o.UseTls = false;
                FastReconnect(o);
                configure?.Invoke(o);
            });
        _transports.Add((transport, transport.RunAsync(_stop.Token)));
        if (waitConnected)
        {
            await Eventually.TrueAsync(() => transport.IsConnected, $"{deviceId} connected");
            await Eventually.TrueAsync(
                () => Hub.ConnectedModules.Any(m => m.DeviceId == deviceId && (handler is null || m.MethodsSubscribed)),
                $"the hub lists {deviceId}");
        }

        return transport;
    }

    /// <summary>A raw MQTT 3.1.1 client, connected; throws if the CONNECT is refused.</summary>
    public async Task<IMqttClient> ConnectRawAsync(string clientId, string userName, string password, ConcurrentQueue<string>? received = null)
    {
        var (client, result) = await TryConnectRawAsync(clientId, userName, password, received);
        return result == MqttClientConnectResultCode.Success
            ? client
            : throw new InvalidOperationException($"CONNECT refused: {result}");
    }

    /// <summary>Sends a CONNECT with a raw MQTT 3.1.1 client and returns the hub's answer.</summary>
    public async Task<(IMqttClient Client, MqttClientConnectResultCode Result)> TryConnectRawAsync(
        string clientId,
        string userName,
        string password,
        ConcurrentQueue<string>? received = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        _rawClients.Add(client);
        if (received is not null)
        {
            client.ApplicationMessageReceivedAsync += e =>
            {
                received.Enqueue(e.ApplicationMessage.Topic);
                return Task.CompletedTask;
            };
        }

        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Hub.Port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(clientId)
            .WithCredentials(userName, password)
            .WithCleanSession(false)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        var result = await client.ConnectAsync(options);
        return (client, result.ResultCode);
    }

    /// <summary>A valid SAS token for a module of this hub, signed with the given master key (the hub's by default).</summary>
    public string Token(string deviceId, string? masterKey = null, DateTimeOffset? expiry = null)
    {
        var key = Convert.FromBase64String(DevHubKeys.DeriveModuleKey(masterKey ?? Hub.MasterKey, deviceId, ModuleId));
        return SharedAccessSignature.Create(
            SharedAccessSignature.ModuleResource(Hub.HostName, deviceId, ModuleId),
            key,
            expiry ?? Time.GetUtcNow().AddHours(1));
    }

    public string UserName(string deviceId) => $"{Hub.HostName}/{deviceId}/{ModuleId}/?api-version=2021-04-12";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var (transport, loop) in _transports)
        {
            await Eventually.Within(loop);
            await transport.DisposeAsync();
        }

        foreach (var client in _rawClients)
        {
            client.Dispose();
        }

        await Hub.DisposeAsync();
        _stop.Dispose();
    }

    private static void FastReconnect(IotHubTransportOptions options)
    {
        options.ReconnectMinDelay = TimeSpan.FromMilliseconds(20);
        options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(200);
        options.OperationTimeout = TimeSpan.FromSeconds(5);
    }
}
