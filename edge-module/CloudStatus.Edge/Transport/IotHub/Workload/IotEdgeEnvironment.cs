using Microsoft.Extensions.Configuration;

namespace CloudStatus.Edge.Transport.IotHub.Workload;

/// <summary>
/// What the IoT Edge runtime tells a module about its identity through environment variables (read from
/// configuration, where the host puts every environment variable). Present when <c>IOTEDGE_WORKLOADURI</c> is set.
/// </summary>
internal sealed record IotEdgeEnvironment(
    Uri WorkloadUri,
    string IotHubHostName,
    string? GatewayHostName,
    string DeviceId,
    string ModuleId,
    string GenerationId)
{
    public const string WorkloadUriKey = "IOTEDGE_WORKLOADURI";
    public const string IotHubHostNameKey = "IOTEDGE_IOTHUBHOSTNAME";
    public const string GatewayHostNameKey = "IOTEDGE_GATEWAYHOSTNAME";
    public const string DeviceIdKey = "IOTEDGE_DEVICEID";
    public const string ModuleIdKey = "IOTEDGE_MODULEID";
    public const string GenerationIdKey = "IOTEDGE_MODULEGENERATIONID";
    public const string AuthSchemeKey = "IOTEDGE_AUTHSCHEME";
    public const string SasTokenAuthScheme = "sasToken";

    /// <summary>
    /// Null when <c>IOTEDGE_WORKLOADURI</c> is not set (not running under IoT Edge); throws
    /// <see cref="InvalidOperationException"/> naming every missing or unusable variable when it is set.
    /// </summary>
    public static IotEdgeEnvironment? TryRead(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var workload = Get(configuration, WorkloadUriKey);
        if (workload is null)
        {
            return null;
        }

        var errors = new List<string>();
        var missing = new[] { IotHubHostNameKey, DeviceIdKey, ModuleIdKey, GenerationIdKey }.Where(k => Get(configuration, k) is null).ToList();
        if (missing.Count > 0)
        {
            errors.Add($"{string.Join(", ", missing)} not set");
        }

        if (!Uri.TryCreate(workload, UriKind.Absolute, out var workloadUri) || workloadUri.Scheme is not ("unix" or "http" or "https"))
        {
            errors.Add($"{WorkloadUriKey} '{workload}' is not a unix:// or http:// URI");
        }

        if (Get(configuration, AuthSchemeKey) is { } scheme && !string.Equals(scheme, SasTokenAuthScheme, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add($"{AuthSchemeKey} '{scheme}' is not supported (only {SasTokenAuthScheme})");
        }

        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"The IoT Edge module environment is incomplete: {string.Join("; ", errors)}.");
        }

        return new IotEdgeEnvironment(
            workloadUri!,
            Get(configuration, IotHubHostNameKey)!,
            Get(configuration, GatewayHostNameKey),
            Get(configuration, DeviceIdKey)!,
            Get(configuration, ModuleIdKey)!,
            Get(configuration, GenerationIdKey)!);
    }

    private static string? Get(IConfiguration configuration, string key) =>
        configuration[key] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
