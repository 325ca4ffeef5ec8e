using System.Buffers;
using System.Text.Json.Nodes;
using CloudStatus.Edge.Transport.IotHub.Sas;
using CloudStatus.Edge.Transport.IotHub.Workload;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>
/// The module's link to IoT Hub (or edgeHub, or the dev hub) over MQTT 3.1.1 with IoT Hub's topic conventions:
/// device-to-cloud messages at QoS 1 (<see cref="SendAsync"/> completes on the PUBACK) and direct methods answered by
/// the attached <see cref="IDirectMethodHandler"/>; with an attached <see cref="IModuleTwinHandler"/>, the module twin
/// (full GET after every connect, desired patches, reported patches through <see cref="UpdateReportedPropertiesAsync"/>). <see cref="RunAsync"/> owns the connection: it connects, renews the
/// SAS token by reconnecting before it expires, and reconnects with exponential backoff after any drop.
/// The token comes from an <see cref="ISasTokenProvider"/> (local key or IoT Edge workload API); with an
/// <see cref="ITrustBundleSource"/> the gateway's TLS certificate must chain to that bundle instead of the system
/// store. MQTT runs over TCP or WebSockets (<see cref="IotHubTransportOptions.Transport"/>).
/// </summary>
public sealed class MqttIotHubTransport : IUpstreamTransport, IReportedPropertiesWriter, IAsyncDisposable, IDisposable
{
    private readonly IotHubTransportOptions _options;
    private readonly ISasTokenProvider _tokens;
    private readonly ITrustBundleSource? _trust;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MqttClientFactory _clientFactory = new();
    private readonly CancellationTokenSource _stopping = new();
    private IDirectMethodHandler? _handler;
    private ModuleTwinClient? _twin;
    private MqttConnection? _connection;
    private int _started;
    private int _disposed;

    internal MqttIotHubTransport(
        IotHubTransportOptions options,
        ISasTokenProvider tokens,
        TimeProvider timeProvider,
        ILogger<MqttIotHubTransport> logger,
        ITrustBundleSource? trust = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        IotHubTransportOptionsValidator.ThrowIfInvalid(options);
        _options = options;
        _tokens = tokens ?? throw new ArgumentNullException(nameof(tokens));
        _time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _trust = trust;
    }

    public IotHubTransportOptions Options => _options;

    public bool IsConnected => Volatile.Read(ref _connection)?.Client.IsConnected == true;

    /// <summary>Sets the handler of direct methods; call before <see cref="RunAsync"/> (methods are subscribed only with a handler).</summary>
    public void AttachDirectMethodHandler(IDirectMethodHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("Attach the direct method handler before the transport runs.");
        }

        _handler = handler;
    }

    /// <summary>Sets the receiver of desired properties; call before <see cref="RunAsync"/> (the twin is subscribed only with one).</summary>
    internal void AttachTwinHandler(IModuleTwinHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("Attach the twin handler before the transport runs.");
        }

        _twin = new ModuleTwinClient(handler, _options, _time, _logger);
    }

    public async Task<long> UpdateReportedPropertiesAsync(JsonObject patch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var twin = _twin ?? throw new InvalidOperationException("Reported properties need a twin handler attached (the twin topics are not subscribed).");
        var connection = Volatile.Read(ref _connection);
        if (connection is null || !connection.Client.IsConnected)
        {
            throw new TransportUnavailableException("The IoT Hub transport is not connected.");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connection.Closed);
        try
        {
            var version = await twin.UpdateReportedAsync(connection.Client, patch, linked.Token).ConfigureAwait(false);
            Log.TwinReported(_logger, version);
            return version;
        }
        catch (Exception exception) when (exception is not TransportUnavailableException && !cancellationToken.IsCancellationRequested)
        {
            throw new TransportUnavailableException($"The reported properties were not acknowledged: {exception.Message}", exception);
        }
    }

    public async Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var connection = Volatile.Read(ref _connection);
        if (connection is null || !connection.Client.IsConnected)
        {
            Log.SendFailed(_logger, message.MessageId, "not connected");
            throw new TransportUnavailableException("The IoT Hub transport is not connected.");
        }

        var applicationMessage = new MqttApplicationMessageBuilder()
            .WithTopic(IotHubTopics.DeviceToCloud(_options.DeviceId, _options.ModuleId, message))
            .WithPayload(message.Body)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();

        using var deadline = new CancellationTokenSource(_options.OperationTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        MqttClientPublishResult result;
        try
        {
            result = await connection.Client.PublishAsync(applicationMessage, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.SendFailed(_logger, message.MessageId, "timed out");
            throw new TransportUnavailableException($"Message {message.MessageId} was not acknowledged within {_options.OperationTimeout}.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.SendFailed(_logger, message.MessageId, exception.Message);
            throw new TransportUnavailableException($"Message {message.MessageId} was not acknowledged: {exception.Message}", exception);
        }

        if (!result.IsSuccess)
        {
            Log.SendFailed(_logger, message.MessageId, result.ReasonCode.ToString());
            throw new TransportUnavailableException($"The hub refused message {message.MessageId}: {result.ReasonCode}.");
        }
    }

    /// <summary>
    /// The connection loop: runs until <paramref name="cancellationToken"/> is cancelled, then disconnects and returns.
    /// Survives every failure (logs it and reconnects with backoff). May run once per transport.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The transport is already running.");
        }

        var attempt = 0;
        var dispatch = _twin?.DispatchAsync(cancellationToken) ?? Task.CompletedTask;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ConnectionOutcome outcome;
                try
                {
                    outcome = await ConnectAndHoldAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Log.LoopFailed(_logger, exception);
                    outcome = ConnectionOutcome.Failed;
                }

                if (outcome == ConnectionOutcome.Renew)
                {
                    attempt = 0;
                    continue;
                }

                attempt = outcome == ConnectionOutcome.Dropped ? 0 : attempt;
                var delay = ReconnectBackoff.Delay(attempt, _options.ReconnectMinDelay, _options.ReconnectMaxDelay, Random.Shared.NextDouble());
                attempt++;
                Log.Reconnecting(_logger, _options.EndpointHost, delay);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            await dispatch.ConfigureAwait(false);
            Log.Stopped(_logger);
        }
    }

    /// <summary>One connection: connect, then hold it until it drops or the token is due for renewal.</summary>
    internal async Task<ConnectionOutcome> ConnectAndHoldAsync(CancellationToken cancellationToken)
    {
        MqttConnection? connection = null;
        try
        {
            connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _connection, connection);
            if (_twin is { } twin)
            {
                // In the background, so the connection carries messages while the twin is fetched (and refetched after a failure).
                _ = twin.RefreshAsync(connection.Client, connection.Closed);
            }

            return await HoldAsync(connection, cancellationToken).ConfigureAwait(false)
                ? ConnectionOutcome.Renew
                : ConnectionOutcome.Dropped;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (connection is null)
            {
                Log.ConnectFailed(_logger, exception, _options.EndpointHost, _options.ClientId);
                return ConnectionOutcome.Failed;
            }

            Log.ConnectionLost(_logger, _options.EndpointHost, exception.Message);
            return ConnectionOutcome.Dropped;
        }
        finally
        {
            if (connection is not null)
            {
                Interlocked.CompareExchange(ref _connection, null, connection);
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>CONNECT with a fresh SAS token, then subscribe to direct methods (when a handler is attached).</summary>
    internal async Task<MqttConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var token = await _tokens.GetTokenAsync(_options.SasResource, now + _options.TokenLifetime, cancellationToken).ConfigureAwait(false);
        var renewAt = now + (_options.TokenLifetime * _options.TokenRenewalFraction);
        TrustBundle? trustBundle = null;
        if (_trust is not null && _options.UseTls)
        {
            trustBundle = new TrustBundle(await _trust.GetTrustBundleAsync(cancellationToken).ConfigureAwait(false));
            Log.TrustBundleLoaded(_logger, trustBundle.RootCount, _options.EndpointHost);
        }

        Log.Connecting(_logger, _options.EndpointHost, _options.EffectivePort, _options.Transport, _options.ClientId, _options.UseTls);
        var client = _clientFactory.CreateMqttClient();
        var connection = new MqttConnection(client, renewAt, _options.OperationTimeout);
        var dispatcher = new DirectMethodDispatcher(_handler, _options.DirectMethodTimeout, _time, _logger);
        client.ApplicationMessageReceivedAsync += e => OnMessageReceivedAsync(connection, dispatcher, e);
        try
        {
            using var deadline = new CancellationTokenSource(_options.OperationTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
            var connect = await client.ConnectAsync(BuildClientOptions(token, trustBundle), linked.Token).ConfigureAwait(false);
            if (connect.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new TransportUnavailableException($"The hub refused the connection: {connect.ResultCode}.");
            }

            if (_handler is not null || _twin is not null)
            {
                var filters = new MqttClientSubscribeOptionsBuilder();
                if (_handler is not null)
                {
                    filters.WithTopicFilter(IotHubTopics.MethodRequestFilter, MqttQualityOfServiceLevel.AtMostOnce);
                }

                if (_twin is not null)
                {
                    ModuleTwinClient.Subscribe(filters);
                }

                var subscribe = await client.SubscribeAsync(filters.Build(), linked.Token).ConfigureAwait(false);
                var refused = subscribe.Items.FirstOrDefault(i => i.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2);
                if (refused is not null)
                {
                    throw new TransportUnavailableException($"The hub refused the subscription to {refused.TopicFilter.Topic}: {refused.ResultCode}.");
                }
            }

            Log.Connected(_logger, _options.EndpointHost, _options.ClientId, connect.IsSessionPresent, _handler is not null, _twin is not null);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <returns>True when the token is due for renewal (reconnect now), false when the connection dropped.</returns>
    internal async Task<bool> HoldAsync(MqttConnection connection, CancellationToken cancellationToken)
    {
        var untilRenewal = connection.RenewAt - _time.GetUtcNow();
        using var hold = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewal = Task.Delay(untilRenewal > TimeSpan.Zero ? untilRenewal : TimeSpan.Zero, _time, hold.Token);
        var first = await Task.WhenAny(connection.Disconnected, renewal).ConfigureAwait(false);
        await hold.CancelAsync().ConfigureAwait(false);
        if (first == connection.Disconnected)
        {
            var reason = await connection.Disconnected.ConfigureAwait(false);
            Log.ConnectionLost(_logger, _options.EndpointHost, reason);
            return false;
        }

        cancellationToken.ThrowIfCancellationRequested();
        Log.RenewingToken(_logger, _options.EndpointHost);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        var connection = Interlocked.Exchange(ref _connection, null);
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        // _stopping is not disposed: it has no timer, and a still-running loop may touch it.
    }

    /// <summary>Synchronous disposal (containers disposed synchronously): drops the connection without a DISCONNECT.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        Interlocked.Exchange(ref _connection, null)?.Client.Dispose();
    }

    /// <summary>
    /// The single place where MQTT client options are built: TCP or WebSockets (subprotocol <c>mqtt</c>), TLS to the
    /// endpoint host, and with a trust bundle a certificate check against it alone.
    /// </summary>
    internal MqttClientOptions BuildClientOptions(string sasToken, TrustBundle? trustBundle)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(_options.ClientId)
            .WithCredentials(_options.UserName, sasToken)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithTimeout(_options.OperationTimeout)
            .WithTlsOptions(tls =>
            {
                tls.UseTls(_options.UseTls).WithTargetHost(_options.EndpointHost);
                if (trustBundle is not null)
                {
                    tls.WithCertificateValidationHandler(e => trustBundle.Validate(e.Certificate, e.Chain, e.SslPolicyErrors));
                }
            });
        return _options.Transport == IotHubTransportKind.MqttWebSockets
            ? builder.WithWebSocketServer(ws => ws.WithUri(_options.WebSocketUri.AbsoluteUri).WithSubProtocols(["mqtt"])).Build()
            : builder.WithTcpServer(_options.EndpointHost, _options.EffectivePort).Build();
    }

    private Task OnMessageReceivedAsync(MqttConnection connection, DirectMethodDispatcher dispatcher, MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        if (_twin is not null && _twin.TryHandle(topic, e.ApplicationMessage.Payload))
        {
            return Task.CompletedTask;
        }

        if (!IotHubTopics.TryParseMethodRequest(topic, out var methodName, out var requestId))
        {
            Log.UnexpectedMessage(_logger, topic);
            return Task.CompletedTask;
        }

        // Copy: the client reuses the receive buffer once this handler returns. Each request runs on its own.
        var payload = e.ApplicationMessage.Payload.ToArray();
        var stopping = _stopping.Token;
        _ = Task.Run(() => AnswerMethodAsync(connection, dispatcher, methodName, requestId, payload, stopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task AnswerMethodAsync(
        MqttConnection connection,
        DirectMethodDispatcher dispatcher,
        string methodName,
        string requestId,
        byte[] payload,
        CancellationToken stopping)
    {
        try
        {
            var response = await dispatcher.DispatchAsync(methodName, requestId, payload, stopping).ConfigureAwait(false);
            if (response is null)
            {
                return;
            }

            var answer = new MqttApplicationMessageBuilder()
                .WithTopic(IotHubTopics.MethodResponse(response.Status, requestId))
                .WithPayload(response.Payload.Length > 0 ? response.Payload : "null"u8.ToArray())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            using var deadline = new CancellationTokenSource(_options.OperationTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stopping);
            await connection.Client.PublishAsync(answer, linked.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.MethodResponseFailed(_logger, exception, methodName, requestId);
        }
    }

    internal enum ConnectionOutcome
    {
        /// <summary>Never connected (refused, unreachable): back off further.</summary>
        Failed,

        /// <summary>Was connected, then lost: reconnect after the shortest backoff.</summary>
        Dropped,

        /// <summary>The token is due: reconnect at once with a fresh one.</summary>
        Renew,
    }
}
