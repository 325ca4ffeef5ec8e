using System.ComponentModel.DataAnnotations;
using CloudStatus.Edge.Transport.IotHub.Sas;

namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>How the module reaches IoT Hub (directly, through edgeHub, or the dev hub) over MQTT 3.1.1.</summary>
public sealed class IotHubTransportOptions : IValidatableObject
{
    public const string SectionName = "IotHub";
    public const string DefaultApiVersion = "2021-04-12";

    /// <summary>The IoT Hub host name (<c>{hub}.azure-devices.net</c>), used in the MQTT user name and the SAS resource.</summary>
    [Required]
    public string HostName { get; set; } = string.Empty;

    /// <summary>Where to connect (edgeHub, the dev hub); defaults to <see cref="HostName"/>.</summary>
    public string? GatewayHostName { get; set; }

    public const string WebSocketPath = "/$iothub/websocket";

    /// <summary>MQTT over TCP or over WebSockets.</summary>
    public IotHubTransportKind Transport { get; set; } = IotHubTransportKind.Mqtt;

    /// <summary>Null = the transport's standard port: 8883 for MQTT, 443 for MQTT over WebSockets (80 without TLS).</summary>
    [Range(1, 65535)]
    public int? Port { get; set; }

    /// <summary>IoT Hub and edgeHub accept TLS only; only the loopback dev hub runs without it.</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>
    /// A PEM file of the certificates the gateway's TLS certificate must chain to (instead of the system store), for a
    /// module that connects to edgeHub with a connection string; <c>EdgeModuleCACertificateFile</c> sets it too. Under
    /// IoT Edge (workload API) the trust bundle comes from the workload API instead.
    /// </summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>The api-version of the IoT Edge workload API calls (sign, trust bundle).</summary>
    [Required]
    public string WorkloadApiVersion { get; set; } = Workload.WorkloadApiClient.DefaultApiVersion;

    [Required]
    public string DeviceId { get; set; } = string.Empty;

    [Required]
    public string ModuleId { get; set; } = string.Empty;

    [Required]
    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>Lifetime of each SAS token; the connection is renewed (reconnected) at <see cref="TokenRenewalFraction"/> of it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Share of <see cref="TokenLifetime"/> after which the transport reconnects with a fresh token.</summary>
    [Range(0.1, 0.95)]
    public double TokenRenewalFraction { get; set; } = 0.8;

    /// <summary>MQTT keep-alive (IoT Hub accepts up to about 1177 s).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:19:00")]
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(60);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Bound on CONNECT, SUBSCRIBE and each publish waiting for its PUBACK.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Bound on one direct method handler; past it the module answers 504.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan DirectMethodTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The host the transport connects to.</summary>
    public string EndpointHost => string.IsNullOrEmpty(GatewayHostName) ? HostName : GatewayHostName;

    public int EffectivePort => Port ?? (Transport == IotHubTransportKind.MqttWebSockets ? (UseTls ? 443 : 80) : 8883);

    /// <summary>The WebSocket address for <see cref="IotHubTransportKind.MqttWebSockets"/>: <c>wss://{host}:{port}/$iothub/websocket</c>.</summary>
    public Uri WebSocketUri => new UriBuilder(UseTls ? "wss" : "ws", EndpointHost, EffectivePort, WebSocketPath).Uri;

    public string ClientId => $"{DeviceId}/{ModuleId}";

    public string UserName => $"{HostName}/{DeviceId}/{ModuleId}/?api-version={ApiVersion}";

    public string SasResource => SharedAccessSignature.ModuleResource(HostName, DeviceId, ModuleId);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ReconnectMaxDelay < ReconnectMinDelay)
        {
            yield return new ValidationResult(
                $"{nameof(ReconnectMaxDelay)} must be at least {nameof(ReconnectMinDelay)}.",
                [nameof(ReconnectMaxDelay)]);
        }

        foreach (var (name, value) in new[] { (nameof(DeviceId), DeviceId), (nameof(ModuleId), ModuleId) })
        {
            if (value.AsSpan().IndexOfAny("/+#") >= 0)
            {
                yield return new ValidationResult($"{name} must not contain '/', '+' or '#'.", [name]);
            }
        }
    }
}
