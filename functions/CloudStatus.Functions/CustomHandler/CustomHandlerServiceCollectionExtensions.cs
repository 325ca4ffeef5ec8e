using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Sweep;
using CloudStatus.Functions.Views;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CloudStatus.Functions.CustomHandler;

/// <summary>What central registers for the Functions host's triggers, and for their local stand-ins.</summary>
internal static class CustomHandlerServiceCollectionExtensions
{
    /// <summary>The invocation side: <see cref="EventBatchIngestor"/> behind <c>POST /IngestStatus</c>.</summary>
    public static IServiceCollection AddCustomHandlerInvocations(this IServiceCollection services)
    {
        services.TryAddSingleton<EventBatchIngestor>();
        return services;
    }

    /// <summary>
    /// The hosted services that stand in for the triggers when the app runs on its own: the ingest queue's worker
    /// (Event Hubs trigger), the heartbeat sweep and the view refresh (timer triggers). Under the Functions host
    /// (<see cref="CustomHandlerMode"/>) none is registered: the host's invocations drive that work.
    /// </summary>
    public static IServiceCollection AddTriggerStandIns(this IServiceCollection services, IConfiguration configuration)
    {
        if (CustomHandlerMode.IsActive(configuration))
        {
            return services;
        }

        services.AddHostedService<IngestWorker>();
        services.AddHostedService<HeartbeatSweepService>();
        services.AddHostedService(sp => sp.GetRequiredService<ViewRefreshService>());
        return services;
    }
}
