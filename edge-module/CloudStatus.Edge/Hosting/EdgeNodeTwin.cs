using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Transport.IotHub;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Hosting;

/// <summary>
/// The module twin configures a node: what the module does for itself, for a host that composes nodes and transports
/// itself (the dev stack runs several in one process). The node takes <paramref name="configured"/> plus the twin's
/// desired properties, refuses an invalid document as a whole, and reports the outcome under <c>config</c>.
/// </summary>
public static class EdgeNodeTwin
{
    /// <summary>Call before the transport runs; one call per transport (a reconnect fetches the full twin again).</summary>
    public static void Attach(MqttIotHubTransport transport, EdgeNode node, EdgeNodeOptions configured, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        transport.AttachTwinHandler(new TwinConfigurationHandler(node, configured, transport, loggerFactory.CreateLogger<TwinConfigurationHandler>()));
    }
}
