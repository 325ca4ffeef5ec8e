using Microsoft.Extensions.Hosting;

namespace CloudStatus.Edge.Hosting;

/// <summary>Starts and stops the module's <see cref="EdgeNode"/> with the host.</summary>
internal sealed class EdgeNodeHostedService(EdgeNode node) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => node.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => node.StopAsync(cancellationToken);
}
