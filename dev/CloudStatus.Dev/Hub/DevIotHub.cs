using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Ingest;
using Microsoft.Extensions.Logging;
using MQTTnet.AspNetCore;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;
using MQTTnet.Server.Internal.Adapter;

namespace CloudStatus.Dev.Hub;

/// <summary>
/// The local stand-in for IoT Hub (and edgeHub): an MQTTnet server on 127.0.0.1 that authenticates modules like IoT
/// Hub, hands their device-to-cloud messages to central's ingest (<see cref="IInboundMessageSink"/>, PUBACK after it
/// accepted), invokes direct methods on them (<see cref="IDirectMethodClient"/>) and keeps their twins. It listens
/// three ways, all on loopback: plain MQTT (<see cref="Port"/>, what the dev stack's own modules use), MQTT over TLS
/// (<see cref="TlsPort"/>, IoT Hub's 8883) and MQTT over WebSockets (<see cref="WebSocketUri"/>, IoT Hub's 443), the
/// last two with a certificate made at first start whose CA is <see cref="CaPem"/>.
/// One connection per identity: a second CONNECT with the same client id takes the session over and drops the first.
/// A <c>clean=false</c> session (its subscriptions) is kept across reconnects while the hub runs.
/// </summary>
internal sealed partial class DevIotHub : IDirectMethodClient, IAsyncDisposable
{
    /// <summary>Sender id of the requests the hub itself publishes (no module can have it: module ids contain '/').</summary>
    internal const string HubClientId = "$devhub";

    private static readonly string[] ServiceSubscriptions =
    [
        IotHubTopics.MethodRequestFilter,
        IotHubTopics.TwinResponseFilter,
        IotHubTopics.TwinDesiredPatchFilter,
    ];

    private readonly DevIotHubOptions _options;
    private readonly IInboundMessageSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DevHubMetrics _metrics;
    private readonly DevHubAuthenticator _authenticator;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly ConcurrentDictionary<string, DevHubModule> _modules = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingMethodCall> _pendingCalls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DevHubTwin> _twins = new(StringComparer.Ordinal);
    private MqttServer? _server;
    private DevHubWebSocketEndpoint? _webSockets;
    private DevHubCertificate? _certificate;
    private long _sequenceNumber;
    private long _requestId;
    private int _port;
    private int _tlsPort;
    private int _webSocketPort;
    private int _disposed;

    public DevIotHub(DevIotHubOptions options, IInboundMessageSink sink, TimeProvider timeProvider, ILogger<DevIotHub> logger, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.HostName);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfNegative(options.TlsPort);
        ArgumentOutOfRangeException.ThrowIfNegative(options.WebSocketPort);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxMessageBytes);
        _options = options;
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        MasterKey = options.MasterKey ?? DevHubKeys.NewMasterKey();
        _ = Convert.FromBase64String(MasterKey);
        _authenticator = new DevHubAuthenticator(options.HostName, MasterKey, timeProvider);
        _metrics = new DevHubMetrics(meterFactory);
        _port = options.Port;
        _tlsPort = options.TlsPort;
        _webSocketPort = options.WebSocketPort;
    }

    public string HostName => _options.HostName;

    /// <summary>Where modules connect (what connection strings carry as GatewayHostName).</summary>
    public string GatewayHostName => "127.0.0.1";

    /// <summary>The plain TCP port: the configured one, or the free one picked at the first start (0 before it). Kept across restarts.</summary>
    public int Port => Volatile.Read(ref _port);

    /// <summary>The MQTT-over-TLS port (IoT Hub's 8883), picked like <see cref="Port"/>.</summary>
    public int TlsPort => Volatile.Read(ref _tlsPort);

    /// <summary>The HTTPS port of the WebSocket endpoint (IoT Hub's 443), picked like <see cref="Port"/>.</summary>
    public int WebSocketPort => Volatile.Read(ref _webSocketPort);

    /// <summary><c>wss://127.0.0.1:{port}/$iothub/websocket</c> (null before the first start).</summary>
    public Uri? WebSocketUri => WebSocketPort == 0 ? null : new UriBuilder("wss", GatewayHostName, WebSocketPort, DevHubWebSocketEndpoint.Path).Uri;

    /// <summary>The PEM of the CA the TLS and WebSocket endpoints' certificate chains to (null before the first start).</summary>
    public string? CaPem => Volatile.Read(ref _certificate)?.CaPem;

    public bool IsRunning => Volatile.Read(ref _server) is not null;

    /// <summary>The dev master key every module key derives from (a secret of the dev stack: do not log it).</summary>
    internal string MasterKey { get; }

    public IReadOnlyList<DevHubModule> ConnectedModules => [.. _modules.Values.OrderBy(m => m.ClientId, StringComparer.Ordinal)];

    /// <summary>The connection string of module <paramref name="moduleId"/> on <paramref name="deviceId"/> for this hub.</summary>
    public string GetModuleConnectionString(string deviceId, string moduleId) =>
        DevHubKeys.ConnectionString(HostName, GatewayHostName, deviceId, moduleId, MasterKey);

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_server is not null)
            {
                return;
            }

            var certificate = _certificate ??= DevHubCertificate.Create();
            var pickPorts = Port == 0 || TlsPort == 0;
            for (var attempt = 1; ; attempt++)
            {
                var port = Port == 0 ? FindFreePort() : Port;
                var tlsPort = TlsPort == 0 ? FindFreePort() : TlsPort;
                var webSocketAdapter = new MqttWebSocketServerAdapter();
                var server = CreateServer(port, tlsPort, certificate, webSocketAdapter);
                try
                {
                    await server.StartAsync().ConfigureAwait(false);
                    var webSockets = await DevHubWebSocketEndpoint.StartAsync(WebSocketPort, certificate.ServerCertificate, webSocketAdapter, cancellationToken)
                        .ConfigureAwait(false);
                    Volatile.Write(ref _port, port);
                    Volatile.Write(ref _tlsPort, tlsPort);
                    Volatile.Write(ref _webSocketPort, webSockets.Port);
                    _webSockets = webSockets;
                    Volatile.Write(ref _server, server);
                    Log.Started(_logger, HostName, port, tlsPort, webSockets.Port);
                    return;
                }
                catch (Exception exception) when (pickPorts && attempt < 5 && exception is SocketException or IOException)
                {
                    // Someone took a free port between the probe and the bind.
                    Log.PortTaken(_logger, port);
                    await server.StopAsync().ConfigureAwait(false);
                    server.Dispose();
                }
                catch
                {
                    server.Dispose();
                    throw;
                }
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops listening and drops every connection; pending method calls end as DeviceOffline. Can start again.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var server = Interlocked.Exchange(ref _server, null);
            if (server is null)
            {
                return;
            }

            try
            {
                if (Interlocked.Exchange(ref _webSockets, null) is { } webSockets)
                {
                    await webSockets.DisposeAsync().ConfigureAwait(false);
                }

                await server.StopAsync().ConfigureAwait(false);
            }
            finally
            {
                server.Dispose();
                foreach (var module in _modules.Keys)
                {
                    RemoveModule(module);
                }

                Log.Stopped(_logger);
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Idempotent: a container may dispose the hub both as itself and as <see cref="IDirectMethodClient"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        _certificate?.Dispose();
        _lifecycle.Dispose();
        _metrics.Dispose();
    }

    private static int FindFreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private MqttServer CreateServer(int port, int tlsPort, DevHubCertificate certificate, MqttWebSocketServerAdapter webSockets)
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
            .WithDefaultEndpointPort(port)
            .WithDefaultEndpointReuseAddress()
            .WithEncryptedEndpoint()
            .WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback)
            .WithEncryptedEndpointBoundIPV6Address(IPAddress.None)
            .WithEncryptedEndpointPort(tlsPort)
            .WithEncryptionCertificate(certificate.ServerCertificate)
            .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13)
            .WithPersistentSessions(true)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options, [new MqttTcpServerAdapter(), webSockets]);
        server.ValidatingConnectionAsync += OnValidatingConnectionAsync;
        server.ClientConnectedAsync += OnClientConnectedAsync;
        server.ClientDisconnectedAsync += OnClientDisconnectedAsync;
        server.InterceptingSubscriptionAsync += OnInterceptingSubscriptionAsync;
        server.InterceptingPublishAsync += OnInterceptingPublishAsync;
        server.InterceptingClientEnqueueAsync += OnInterceptingClientEnqueueAsync;
        return server;
    }

    private Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs e)
    {
        if (e.ProtocolVersion != MqttProtocolVersion.V311)
        {
            Refuse(e, MqttConnectReasonCode.UnsupportedProtocolVersion, "only MQTT 3.1.1 is supported");
            return Task.CompletedTask;
        }

        var result = _authenticator.Authenticate(e.ClientId, e.UserName, e.Password);
        switch (result.Failure)
        {
            case DevHubAuthFailure.None:
                break;
            case DevHubAuthFailure.BadClientId:
                Refuse(e, MqttConnectReasonCode.ClientIdentifierNotValid, result.Reason!);
                break;
            case DevHubAuthFailure.BadUserName:
                Refuse(e, MqttConnectReasonCode.BadUserNameOrPassword, result.Reason!);
                break;
            default:
                Refuse(e, MqttConnectReasonCode.NotAuthorized, result.Reason!);
                break;
        }

        return Task.CompletedTask;
    }

    private void Refuse(ValidatingConnectionEventArgs e, MqttConnectReasonCode code, string reason)
    {
        e.ReasonCode = code;
        Log.ConnectionRefused(_logger, e.ClientId, reason);
        _metrics.ConnectionsRefused.Add(1, new KeyValuePair<string, object?>("reason", code.ToString()));
    }

    private Task OnClientConnectedAsync(ClientConnectedEventArgs e)
    {
        if (DevHubAuthenticator.TrySplitClientId(e.ClientId, out var deviceId, out var moduleId))
        {
            // A fresh entry per connection (a takeover removed the old one already; replace it if not).
            var module = new DevHubModule(deviceId, moduleId, _time.GetUtcNow(), MethodsSubscribed: false);
            var added = true;
            _modules.AddOrUpdate(e.ClientId, module, (_, _) =>
            {
                added = false;
                return module;
            });
            if (added)
            {
                _metrics.ModulesConnected.Add(1);
            }

            Log.ModuleConnected(_logger, e.ClientId, e.RemoteEndPoint?.ToString());
        }

        return Task.CompletedTask;
    }

    private Task OnClientDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        // A takeover reports the old connection here before the new one connects.
        RemoveModule(e.ClientId);
        Log.ModuleDisconnected(_logger, e.ClientId, e.DisconnectType.ToString());
        return Task.CompletedTask;
    }

    private void RemoveModule(string clientId)
    {
        if (_modules.TryRemove(clientId, out _))
        {
            _metrics.ModulesConnected.Add(-1);
        }

        foreach (var call in _pendingCalls.Values.Where(c => c.ClientId == clientId))
        {
            call.Abandon();
        }
    }

    private Task OnInterceptingSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter.Topic;
        if (!ServiceSubscriptions.Contains(filter, StringComparer.Ordinal) && !IsOwnInputFilter(e.ClientId, filter))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            Log.SubscriptionRefused(_logger, e.ClientId, filter);
            return Task.CompletedTask;
        }

        if (filter == IotHubTopics.MethodRequestFilter && _modules.TryGetValue(e.ClientId, out var module))
        {
            _modules.TryUpdate(e.ClientId, module with { MethodsSubscribed = true }, module);
        }

        return Task.CompletedTask;
    }

    /// <summary>A module may listen on its own inputs (<c>devices/{d}/modules/{m}/inputs/#</c>, edgeHub routes), nobody else's.</summary>
    private static bool IsOwnInputFilter(string clientId, string filter) =>
        DevHubAuthenticator.TrySplitClientId(clientId, out var deviceId, out var moduleId)
        && filter.StartsWith($"devices/{deviceId}/modules/{moduleId}/inputs/", StringComparison.Ordinal)
        && filter.Length > $"devices/{deviceId}/modules/{moduleId}/inputs/".Length;
}
