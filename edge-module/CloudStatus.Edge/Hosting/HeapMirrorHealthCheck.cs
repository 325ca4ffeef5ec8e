using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CloudStatus.Edge.Hosting;

/// <summary>Ready: the heap mirror (SQLite file or Table storage) answers a cheap read.</summary>
internal sealed class HeapMirrorHealthCheck(EdgeNode node) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await node.ProbeHeapMirrorAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{node.Options.Heap.Kind} heap mirror answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{node.Options.Heap.Kind} heap mirror does not answer: {ex.Message}", ex);
        }
    }
}
