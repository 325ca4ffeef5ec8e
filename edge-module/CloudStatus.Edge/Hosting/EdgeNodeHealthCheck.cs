using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CloudStatus.Edge.Hosting;

/// <summary>Live: the module's edge node is running (it stops only on shutdown or a failed reconfiguration).</summary>
internal sealed class EdgeNodeHealthCheck(EdgeNode node) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(node.IsRunning
            ? HealthCheckResult.Healthy($"edge node {node.ServerId} running")
            : HealthCheckResult.Unhealthy($"edge node {node.ServerId} is stopped"));
}
