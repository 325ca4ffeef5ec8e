using System.Globalization;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CloudStatus.Hosting.Health;

/// <summary>Unhealthy while any registered loop went <see cref="LoopHeartbeats.MissedPeriods"/> periods without progress.</summary>
internal sealed class LoopHealthCheck(LoopHeartbeats heartbeats) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stalled = heartbeats.Stalled();
        var running = heartbeats.Loops.Count;
        if (stalled.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"{running} loops beating")));
        }

        var names = string.Join(", ", stalled.Select(s => string.Create(
            CultureInfo.InvariantCulture,
            $"{s.Loop.Name} ({(s.Loop.IsInTick ? "in a tick" : "no tick")} for {s.Silence.TotalSeconds:0.#} s, period {s.Loop.Period.TotalSeconds:0.#} s)")));
        return Task.FromResult(HealthCheckResult.Unhealthy($"{stalled.Count} of {running} loops stalled: {names}"));
    }
}
