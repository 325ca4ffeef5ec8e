using CloudStatus.Edge.Transport.IotHub.Sas;
using CloudStatus.Edge.Transport.IotHub.Workload;

namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>
/// What proves the module's identity to its gateway and what it trusts of the gateway: the SAS token signer and, when
/// the gateway is edgeHub rather than the public hub, the trust bundle its TLS certificate must chain to.
/// </summary>
internal sealed class ModuleCredentials : IDisposable
{
    private readonly IDisposable? _owned;

    private ModuleCredentials(ISasTokenProvider tokens, ITrustBundleSource? trust, IDisposable? owned)
    {
        Tokens = tokens;
        Trust = trust;
        _owned = owned;
    }

    public ISasTokenProvider Tokens { get; }

    /// <summary>Null = the system's trusted roots (the public IoT Hub).</summary>
    public ITrustBundleSource? Trust { get; }

    /// <summary>The connection string's key signs locally; <see cref="IotHubTransportOptions.CaCertificateFile"/> (if set) is the trust bundle.</summary>
    public static ModuleCredentials FromConnectionString(ModuleConnectionString connectionString, IotHubTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        var trust = string.IsNullOrWhiteSpace(options.CaCertificateFile) ? null : new PemFileTrustBundleSource(options.CaCertificateFile);
        return new ModuleCredentials(new SharedAccessKeySasTokenProvider(connectionString.SharedAccessKey), trust, owned: null);
    }

    /// <summary>The workload API signs and, when a gateway (edgeHub) is set, supplies the trust bundle.</summary>
    public static ModuleCredentials FromIotEdge(IotEdgeEnvironment environment, IotHubTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        var client = new WorkloadApiClient(environment.WorkloadUri, options.WorkloadApiVersion, options.OperationTimeout);
        var tokens = new WorkloadSasTokenProvider(client, environment.ModuleId, environment.GenerationId);
        return new ModuleCredentials(tokens, environment.GatewayHostName is null ? null : client, client);
    }

    public void Dispose() => _owned?.Dispose();
}
