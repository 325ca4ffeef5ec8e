using System.Diagnostics.Metrics;
using CloudStatus.Edge.Peers;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Hosting;

/// <summary>The deployable module's peer interface: started with the module when <c>CloudStatus:Edge:Peers:KeyFile</c> is set.</summary>
internal sealed class PeerEndpointService(
    EdgeNode node,
    IOptions<PeerLinkOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    IMeterFactory meterFactory,
    LoopHeartbeats heartbeats) : IHostedService, IAsyncDisposable
{
    private PeerEndpoint? _endpoint;

    /// <summary>The running interface, or null when the module has no site key.</summary>
    public PeerEndpoint? Endpoint => _endpoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            _endpoint = await PeerEndpoint.StartAsync(
                node, options.Value, options.Value.ListenUrl, timeProvider, loggerFactory, meterFactory, heartbeats, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _endpoint, null) is { } endpoint)
        {
            await endpoint.DisposeAsync().ConfigureAwait(false);
        }
    }
}
