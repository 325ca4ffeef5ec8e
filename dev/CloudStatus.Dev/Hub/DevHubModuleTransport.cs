using CloudStatus.Core.Commands;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Transport.IotHub;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Dev.Hub;

/// <summary>Creates the real module transport of one simulated server, pointed at a running <see cref="DevIotHub"/>.</summary>
internal static class DevHubModuleTransport
{
    /// <summary>
    /// A transport for <c>{deviceId}/{moduleId}</c> on <paramref name="hub"/> (plain TCP on its port). Attach-before-run is
    /// done here when <paramref name="handler"/> is given; the caller runs <see cref="MqttIotHubTransport.RunAsync"/>.
    /// </summary>
    public static MqttIotHubTransport Create(
        DevIotHub hub,
        string deviceId,
        string moduleId = DirectMethodNames.DefaultModuleId,
        IDirectMethodHandler? handler = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        Action<IotHubTransportOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(hub);
        if (hub.Port == 0)
        {
            throw new InvalidOperationException("Start the dev hub before creating transports: its port is not known yet.");
        }

        var transport = IotHubTransportFactory.Create(
            hub.GetModuleConnectionString(deviceId, moduleId),
            options =>
            {
                options.Port = hub.Port;
                options.UseTls = false; // Loopback only; see DevIotHub.
                configure?.Invoke(options);
            },
            loggerFactory,
            timeProvider);
        if (handler is not null)
        {
            transport.AttachDirectMethodHandler(handler);
        }

        return transport;
    }
}
