using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CloudStatus.Functions.Hosting;

/// <summary>Ready: the central store (SQLite or Cosmos DB) answers a point read through its server port.</summary>
internal sealed class CentralStoreHealthCheck(IServerStore servers) : IHealthCheck
{
    /// <summary>A server id no local server has (ids are [A-Za-z0-9._:-]); its read finds nothing, cheaply.</summary>
    private const string ProbeServerId = "_readiness-probe";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await servers.GetAsync(ProbeServerId, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("the store answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the store does not answer: " + ex.Message, ex);
        }
    }
}
