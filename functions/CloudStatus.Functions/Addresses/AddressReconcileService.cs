using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Addresses;

/// <summary>Reconciles the address journals every <see cref="AddressOptions.ReconcileInterval"/>; items left by a crash are simply still queued.</summary>
internal sealed class AddressReconcileService(
    AddressReconciler reconciler,
    TimeProvider time,
    IOptions<AddressOptions> options,
    ILogger<AddressReconcileService> logger,
    LoopHeartbeats heartbeats)
    : PeriodicLoopService("address-reconcile", options.Value.ReconcileInterval, ct => ReconcileAsync(reconciler, logger, ct), time, logger, heartbeats)
{
    private static async Task ReconcileAsync(AddressReconciler reconciler, ILogger logger, CancellationToken stoppingToken)
    {
        try
        {
            await reconciler.ReconcileOnceAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            Log.AddressReconcileFailed(logger, ex);
        }
    }
}
