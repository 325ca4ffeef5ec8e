using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Views;

/// <summary>
/// The local stand-in for the BuildConnectivityMatrix timer trigger: rebuilds every tenant's views every
/// <see cref="ViewOptions.ViewInterval"/>, and at once after <see cref="RequestRefresh"/> (on demand). It beats in
/// <see cref="LoopHeartbeats"/> like the shared loops (it ticks at start, then on the interval or a request, which
/// <see cref="PeriodicLoopService"/> does not).
/// </summary>
internal sealed class ViewRefreshService(
    ViewBuilder builder,
    TimeProvider time,
    IOptions<ViewOptions> options,
    ILogger<ViewRefreshService> logger,
    LoopHeartbeats heartbeats) : BackgroundService
{
    private readonly AsyncSignal _refresh = new();

    /// <summary>Asks for a rebuild as soon as possible (several requests coalesce into one).</summary>
    public void RequestRefresh() => _refresh.Set();

    /// <summary>One rebuild of every tenant; failures are logged, never thrown.</summary>
    public async Task RefreshOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await builder.BuildAllAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ViewsFailed(logger, ex);
        }
    }

    public override void Dispose()
    {
        _refresh.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ViewInterval;
        using var heartbeat = heartbeats.Register("view-refresh", interval);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                heartbeat.TickStarted();
                await RefreshOnceAsync(stoppingToken).ConfigureAwait(false);
                heartbeat.TickEnded();
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var tick = Task.Delay(interval, time, delay.Token);
                var request = _refresh.WaitAsync(delay.Token);
                await Task.WhenAny(tick, request).ConfigureAwait(false);
                await delay.CancelAsync().ConfigureAwait(false);
                try
                {
                    await Task.WhenAll(tick, request).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // the one that did not finish was cancelled
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
