using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Hosting;

namespace CloudStatus.Functions.Commands;

/// <summary>Creates the dispatch queue and its poison queue before the app serves (in Azure, Bicep creates them).</summary>
internal sealed class DispatchQueueStartupService(IDispatchQueue queue) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => queue.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
