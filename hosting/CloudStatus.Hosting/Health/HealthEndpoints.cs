using CloudStatus.Hosting.Loops;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CloudStatus.Hosting.Health;

/// <summary>Health checks every host shares, and the two endpoints that run them.</summary>
public static class HealthEndpoints
{
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";

    /// <summary>How long one check may take before it counts as unhealthy.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Registers <see cref="LoopHeartbeats"/> (for the host's loops to feed) and the <c>loops</c> check (live and
    /// ready); the host adds its own checks to the returned builder. Safe to call more than once.
    /// </summary>
    public static IHealthChecksBuilder AddCloudStatusHealthChecks(this IServiceCollection services)
    {
        var builder = services.AddHealthChecks();
        if (services.Any(d => d.ServiceType == typeof(LoopHeartbeats)))
        {
            return builder;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new LoopHeartbeats(sp.GetRequiredService<TimeProvider>()));
        return builder.AddCheck<LoopHealthCheck>("loops", tags: HealthTags.LiveAndReady, timeout: CheckTimeout);
    }

    /// <summary><c>/healthz</c> (the live checks) and <c>/readyz</c> (the ready ones): anonymous, 200 or 503, never in OpenAPI.</summary>
    public static IEndpointRouteBuilder MapCloudStatusHealth(this IEndpointRouteBuilder endpoints)
    {
        Map(endpoints, LivePath, HealthTags.Live);
        Map(endpoints, ReadyPath, HealthTags.Ready);
        return endpoints;
    }

    private static void Map(IEndpointRouteBuilder endpoints, string path, string tag) =>
        endpoints.MapHealthChecks(path, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(tag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous().ExcludeFromDescription();
}
