using CloudStatus.Functions.Commands;
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
        var queueKind = configuration.GetValue<DispatchQueueKind?>(DispatchOptions.KindKey) ?? DispatchQueueKind.Outbox;
        if (CustomHandlerMode.IsActive(configuration))
        {
            // The queue trigger reads a storage queue; an outbox in the app's own store has no trigger: drain it here.
            if (queueKind == DispatchQueueKind.Outbox)
            {
                AddDispatchStandIns(services);
            }

            return services;
        }

        AddDispatchStandIns(services);

        services.AddHostedService<IngestWorker>();
        services.AddHostedService<HeartbeatSweepService>();
        services.AddHostedService(sp => sp.GetRequiredService<ViewRefreshService>());
        return services;
    }

    /// <summary>The dispatch queue's stand-ins: create it at start, drain it (DispatchCommands/DispatchPoison), re-scan (RescanCommands).</summary>
    private static void AddDispatchStandIns(IServiceCollection services)
    {
        services.AddHostedService<DispatchQueueStartupService>();
        services.AddHostedService<DispatchDrainService>();
        services.AddHostedService<CommandRescanService>();
    }
}
