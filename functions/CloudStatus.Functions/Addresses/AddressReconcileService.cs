using CloudStatus.Functions.Ingest;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Addresses;

/// <summary>
/// Reconciles the address journals every <see cref="AddressOptions.ReconcileInterval"/>, and at once when this
/// instance's ingest queued items (docs/adr/0175); items left by a crash are simply still queued.
/// </summary>
internal sealed class AddressReconcileService(
    AddressReconciler reconciler,
    AddressJournalSignal journaled,
    TimeProvider time,
    IOptions<AddressOptions> options,
    ILogger<AddressReconcileService> logger,
    LoopHeartbeats heartbeats) : BackgroundService
{
    private const string Name = "address-reconcile";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var heartbeat = heartbeats.Register(Name, options.Value.ReconcileInterval);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await WaitAsync(stoppingToken).ConfigureAwait(false);
                await LoopTick.RunAsync(Name, ReconcileAsync, logger, heartbeat, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass; a failure is logged and the next pass tries again.</summary>
    internal async Task ReconcileAsync(CancellationToken stoppingToken)
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

    /// <summary>Until the interval passed or ingest queued journal items.</summary>
    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        using var due = new CancellationTokenSource(options.Value.ReconcileInterval, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, due.Token);
        try
        {
            await journaled.Queued.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }
    }
}
