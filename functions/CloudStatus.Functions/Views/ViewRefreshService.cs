using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Views;

/// <summary>
/// The local stand-in for the BuildConnectivityMatrix timer trigger: rebuilds every tenant's views every
/// <see cref="ViewOptions.ViewInterval"/>, and at once after <see cref="RequestRefresh"/> (on demand).
/// </summary>
internal sealed class ViewRefreshService(
    ViewBuilder builder,
    TimeProvider time,
    IOptions<ViewOptions> options,
    ILogger<ViewRefreshService> logger) : BackgroundService
{
    private readonly SemaphoreSlim _refresh = new(0, 1);

    /// <summary>Asks for a rebuild as soon as possible (several requests coalesce into one).</summary>
    public void RequestRefresh()
    {
        try
        {
            _refresh.Release();
        }
        catch (SemaphoreFullException)
        {
            // a rebuild is already requested
        }
    }

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
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await RefreshOnceAsync(stoppingToken).ConfigureAwait(false);
                using var delay = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var tick = Task.Delay(options.Value.ViewInterval, time, delay.Token);
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
