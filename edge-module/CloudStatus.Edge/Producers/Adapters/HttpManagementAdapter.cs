using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudStatus.Core.Model;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Producers.Adapters;

/// <summary>
/// The HTTP/JSON management adapter (docs/equipment-http-api.md). A poll reads <c>GET status</c>, <c>GET config</c>
/// and, for a switch, <c>GET connectivity</c> (E1, E6); a higher boot count than the last one seen is a reboot event.
/// A poll that times out or cannot connect gives <c>offline</c>, one that gets an error status or an unreadable answer
/// <c>unknown</c>, each with <c>state.reason</c> (the last known state kept beside it). Control actions are
/// <c>POST reboot</c>, <c>PUT config</c>, <c>DELETE</c>; after each the producer is polled again at once, and after a
/// reboot every <see cref="EquipmentOptions.RebootPollInterval"/> until it is back with a new boot count (seed 000).
/// </summary>
internal sealed class HttpManagementAdapter : IProducerAdapter
{
    private const int MaxBodyBytes = 1024 * 1024;
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    // State text goes upstream as JSON, never into HTML: reasons keep their quotes readable.
    private static readonly JsonSerializerOptions StateText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly EquipmentOptions _options;
    private readonly HttpClient _client;
    private readonly SemaphoreSlim _gate;
    private readonly IObservationIntake _intake;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AsyncSignal _pollRequested = new();
    private volatile Uri _base;
    private volatile string? _configuredIp;
    private long? _bootCount;
    private string? _lastState;
    private long _followRebootUntil;
    private volatile bool _removed;
    private bool _answered;

    public HttpManagementAdapter(EquipmentOptions options, HttpClient client, EndpointGates gates, IObservationIntake intake, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(gates);
        _options = options;
        _client = client;
        _intake = intake;
        _time = timeProvider;
        _logger = logger;
        var url = options.Url ?? throw new ArgumentException("The equipment has no URL.", nameof(options));
        _base = url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
        _configuredIp = options.Ip;
        _gate = gates.For(_base, options.MaxConcurrencyPerEndpoint);
    }

    public string ProducerId => _options.ProducerId;

    public bool IsActive => !_removed;

    public TimeSpan NextPollDelay => _time.GetTimestamp() < Interlocked.Read(ref _followRebootUntil) ? _options.RebootPollInterval : _options.Interval;

    public Task WaitForPollRequestAsync(CancellationToken cancellationToken) => _pollRequested.WaitAsync(cancellationToken);

    public void PollNow() => _pollRequested.Set();

    public async Task PollAsync(CancellationToken cancellationToken)
    {
        if (_removed)
        {
            return;
        }

        var observation = await ObserveAsync(cancellationToken).ConfigureAwait(false);
        if (!_removed && (_answered || !_options.AwaitFirstAnswer))
        {
            _intake.Post(observation.Observation);
            if (observation.Connectivity is { } connectivity)
            {
                _intake.PostConnectivity(ProducerId, connectivity.Reachable, connectivity.Peers);
            }
        }
    }

    public async Task<ProducerControlResult> RebootAsync(CancellationToken cancellationToken)
    {
        var result = await SendAsync(HttpMethod.Post, "reboot", null, cancellationToken).ConfigureAwait(false);
        if (result == ProducerControlResult.Accepted)
        {
            var window = _options.Timeout + (_options.Interval * 10);
            Interlocked.Exchange(ref _followRebootUntil, _time.GetTimestamp() + (long)(window.TotalSeconds * _time.TimestampFrequency));
            _pollRequested.Set();
        }

        return result;
    }

    public async Task<ProducerControlResult> ApplyConfigAsync(string? config, CancellationToken cancellationToken)
    {
        var result = await SendAsync(HttpMethod.Put, "config", config ?? "{}", cancellationToken).ConfigureAwait(false);
        if (result == ProducerControlResult.Accepted)
        {
            _pollRequested.Set();
        }

        return result;
    }

    /// <summary><c>PUT address</c> <c>{"ip": …}</c>, then a poll at once to read the new address back.</summary>
    public async Task<ProducerControlResult> ReaddressAsync(string ip, CancellationToken cancellationToken)
    {
        var body = new System.Text.Json.Nodes.JsonObject { ["ip"] = ip }.ToJsonString();
        var result = await SendAsync(HttpMethod.Put, "address", body, cancellationToken).ConfigureAwait(false);
        if (result == ProducerControlResult.Accepted)
        {
            _pollRequested.Set();
        }

        return result;
    }

    /// <summary>
    /// Moves the base URL's host from the old IP to the new one (port, path and scheme kept) and the section's stand-in
    /// IP with it; the endpoint gate stays the one it had.
    /// </summary>
    public bool Repoint(string previousIp, string ip)
    {
        var moved = false;
        if (IpAddressText.TryNormalize(_configuredIp, out var configured) && configured == previousIp)
        {
            _configuredIp = ip;
            moved = true;
        }

        var current = _base;
        if (IPAddress.TryParse(current.Host.Trim('[', ']'), out var host) && host.ToString() == previousIp)
        {
            _base = new UriBuilder(current) { Host = IPAddress.Parse(ip).ToString() }.Uri;
            moved = true;
        }

        if (moved)
        {
            Log.EquipmentRepointed(_logger, ProducerId, _base, previousIp, ip);
            _pollRequested.Set();
        }

        return moved;
    }

    public async Task<ProducerControlResult> RemoveAsync(CancellationToken cancellationToken)
    {
        var result = await SendAsync(HttpMethod.Delete, string.Empty, null, cancellationToken).ConfigureAwait(false);
        if (result is ProducerControlResult.Accepted or ProducerControlResult.UnknownProducer)
        {
            _removed = true; // polling it now would bring it back after its tombstone
            _pollRequested.Set();
        }

        return result;
    }

    public ValueTask DisposeAsync()
    {
        _pollRequested.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<(Observation Observation, SwitchConnectivity? Connectivity)> ObserveAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var token = linked.Token;
        try
        {
            await _gate.WaitAsync(token).ConfigureAwait(false);
            try
            {
                var status = await GetAsync("status", token).ConfigureAwait(false);
                var parsed = JsonSerializer.Deserialize(status, EquipmentWireJsonContext.Default.EquipmentStatus)
                    ?? throw new FormatException("status is JSON null");
                var config = ReadObject(await GetAsync("config", token).ConfigureAwait(false), "config");
                SwitchConnectivity? reachability = null;
                if (ProducerKind.IsSwitch(_options.Kind))
                {
                    var connectivity = JsonSerializer.Deserialize(await GetAsync("connectivity", token).ConfigureAwait(false), EquipmentWireJsonContext.Default.EquipmentConnectivity);
                    var reachable = connectivity?.Reachable is { } ids && ids.All(Core.Model.ProducerId.IsValid)
                        ? ids.ToHashSet(StringComparer.Ordinal)
                        : throw new FormatException("connectivity.reachable must be an array of producer ids");
                    var peers = connectivity.Peers switch
                    {
                        null => null,
                        { } listed when listed.All(Core.Model.ProducerId.IsValid) => listed.ToHashSet(StringComparer.Ordinal),
                        _ => throw new FormatException("connectivity.peers must be an array of producer ids"),
                    };
                    reachability = new SwitchConnectivity(reachable, peers);
                }

                return (Answered(parsed, config), reachability);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (Failed(Health.Offline, string.Create(CultureInfo.InvariantCulture, $"no answer within {_options.Timeout.TotalSeconds:0.###} s")), null);
        }
        catch (HttpRequestException ex) when (ex.StatusCode is null)
        {
            return (Failed(Health.Offline, "unreachable: " + ex.Message), null);
        }
        catch (JsonException ex)
        {
            return (Failed(Health.Unknown, "the answer is not the JSON of the management API: " + ex.Message), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or FormatException or ProducerUnreachableException)
        {
            return (Failed(Health.Unknown, ex.Message), null);
        }
    }

    private Observation Answered(EquipmentStatus status, string config)
    {
        var state = ParseObject(status.State) ?? [];
        if (status.Firmware is not null)
        {
            state["firmware"] = status.Firmware;
        }

        if (status.BootCount is { } bootCount)
        {
            state["bootCount"] = bootCount;
        }

        var rebooted = status.BootCount is { } now && _bootCount is { } before && now > before;
        if (status.BootCount is { } seen)
        {
            _bootCount = seen;
        }

        if (rebooted)
        {
            Interlocked.Exchange(ref _followRebootUntil, 0);
            Log.EquipmentRebooted(_logger, ProducerId, _bootCount!.Value);
        }

        _lastState = state.ToJsonString(StateText);
        _answered = true;
        return new Observation(
            ProducerId, _options.Kind, _options.ParentId, status.Health ?? Health.Online, _lastState, config, rebooted ? ObservationEvents.Reboot : null,
            Address("mac", status.Mac, _options.Mac, MacAddress.TryNormalize),
            Address("ip", status.Ip, _configuredIp, IpAddressText.TryNormalize));
    }

    /// <summary>What the equipment says (normalized), else what its section says; a malformed answer is logged and not used.</summary>
    private string? Address(string field, string? answered, string? configured, TryNormalize normalize)
    {
        if (answered is not null)
        {
            if (normalize(answered, out var value))
            {
                return value;
            }

            Log.EquipmentIdentityIgnored(_logger, ProducerId, field, answered);
        }

        return configured is not null && normalize(configured, out var fallback) ? fallback : null;
    }

    private Observation Failed(Health health, string reason)
    {
        Log.EquipmentPollFailed(_logger, ProducerId, health, reason);
        var state = ParseObject(_lastState) ?? [];
        state["reason"] = reason;
        return new Observation(ProducerId, _options.Kind, _options.ParentId, health, state.ToJsonString(StateText));
    }

    private async Task<byte[]> GetAsync(string path, CancellationToken cancellationToken)
    {
        using var request = await RequestAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }

        if (response.Content.Headers.ContentLength > MaxBodyBytes)
        {
            throw new FormatException($"GET {path} answered more than {MaxBodyBytes} bytes");
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return body.Length <= MaxBodyBytes ? body : throw new FormatException($"GET {path} answered more than {MaxBodyBytes} bytes");
    }

    private async Task<ProducerControlResult> SendAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var action = $"{method} {(path.Length == 0 ? "/" : path)}";
        try
        {
            await _gate.WaitAsync(linked.Token).ConfigureAwait(false);
            try
            {
                using var request = await RequestAsync(method, path, body, linked.Token).ConfigureAwait(false);
                using var response = await _client.SendAsync(request, linked.Token).ConfigureAwait(false);
                Log.EquipmentControlAnswered(_logger, ProducerId, action, (int)response.StatusCode);
                return response.StatusCode switch
                {
                    _ when response.IsSuccessStatusCode => ProducerControlResult.Accepted,
                    HttpStatusCode.NotFound or HttpStatusCode.Gone => ProducerControlResult.UnknownProducer,
                    HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented => ProducerControlResult.NotSupported,
                    _ => throw new ProducerUnreachableException($"{action} answered {(int)response.StatusCode} {response.ReasonPhrase}"),
                };
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProducerUnreachableException(string.Create(CultureInfo.InvariantCulture, $"{action}: no answer within {_options.Timeout.TotalSeconds:0.###} s"), ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ProducerUnreachableException($"{action}: unreachable ({ex.Message})", ex);
        }
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(method, new Uri(_base, path));
        if (await EquipmentCredential.ReadAsync(_options, cancellationToken).ConfigureAwait(false) is { } credential)
        {
            request.Headers.TryAddWithoutValidation(_options.AuthHeader, credential);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = Json;
        }

        return request;
    }

    private static string ReadObject(byte[] body, string what)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject value ? value.ToJsonString() : throw new FormatException($"{what} is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{what} is not JSON ({ex.Message})", ex);
        }
    }

    private delegate bool TryNormalize(string? text, out string normalized);

    private static JsonObject? ParseObject(string? json) => json is null ? null : JsonNode.Parse(json) as JsonObject;

    /// <summary>What <c>GET connectivity</c> said: the peers reached and, when the equipment lists them, every peer it checks.</summary>
    private sealed record SwitchConnectivity(IReadOnlySet<string> Reachable, IReadOnlySet<string>? Peers);
}
