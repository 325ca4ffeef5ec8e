using CloudStatus.Edge.Transport.IotHub.Sas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>Creates a transport without DI (the dev stack makes one per simulated server).</summary>
public static class IotHubTransportFactory
{
    /// <summary>
    /// A transport for the module identity of <paramref name="connectionString"/>, signing its own SAS tokens with the
    /// key it holds. <paramref name="configure"/> adjusts the options after the connection string filled them
    /// (e.g. <c>Port</c> and <c>UseTls = false</c> for the loopback dev hub); a set <see cref="IotHubTransportOptions.CaCertificateFile"/> is the trust bundle. Call <see cref="MqttIotHubTransport.RunAsync"/> to connect.
    /// </summary>
    public static MqttIotHubTransport Create(
        string connectionString,
        Action<IotHubTransportOptions>? configure = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        var parsed = ModuleConnectionString.Parse(connectionString);
        var options = new IotHubTransportOptions();
        ApplyConnectionString(parsed, options);
        configure?.Invoke(options);
        return new MqttIotHubTransport(
            options,
            new SharedAccessKeySasTokenProvider(parsed.SharedAccessKey),
            timeProvider ?? TimeProvider.System,
            (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<MqttIotHubTransport>(),
            string.IsNullOrWhiteSpace(options.CaCertificateFile) ? null : new Workload.PemFileTrustBundleSource(options.CaCertificateFile));
    }

    /// <summary>Copies the identity and endpoint of a connection string into the options.</summary>
    internal static void ApplyConnectionString(ModuleConnectionString connectionString, IotHubTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        options.HostName = connectionString.HostName;
        options.DeviceId = connectionString.DeviceId;
        options.ModuleId = connectionString.ModuleId;
        if (connectionString.GatewayHostName is not null)
        {
            options.GatewayHostName = connectionString.GatewayHostName;
        }
    }
}
