using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CloudStatus.Edge.Transport;

/// <summary>
/// Ready: the upstream transport (edgeHub / IoT Hub over MQTT) is connected. While it is not, the heap keeps
/// everything and sends it later, so this is a readiness matter, never a liveness one.
/// </summary>
internal sealed class UpstreamHealthCheck(IUpstreamTransport transport) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(transport.IsConnected
            ? HealthCheckResult.Healthy("connected to the hub")
            : HealthCheckResult.Unhealthy("not connected to the hub"));
}
