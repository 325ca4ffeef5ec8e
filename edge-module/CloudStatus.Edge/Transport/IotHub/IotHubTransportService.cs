using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>
/// Hosts the transport's connection loop; attaches the registered <see cref="IDirectMethodHandler"/> and
/// <see cref="IModuleTwinHandler"/> (if any) first.
/// </summary>
internal sealed class IotHubTransportService(MqttIotHubTransport transport, IServiceProvider services) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var handler = services.GetService<IDirectMethodHandler>();
        if (handler is not null)
        {
            transport.AttachDirectMethodHandler(handler);
        }

        if (services.GetService<IModuleTwinHandler>() is { } twin)
        {
            transport.AttachTwinHandler(twin);
        }

        return transport.RunAsync(stoppingToken);
    }
}
