using CloudStatus.Core.Commands;
using CloudStatus.Edge.Transport;
using CloudStatus.Functions.Commands;

namespace CloudStatus.Convergence.Tests.Support;

/// <summary>
/// Central's direct-method client wired straight to the edge module's method handler, as IoT Hub and the module's
/// MQTT method topic would carry the call; while the link is down the module is offline.
/// </summary>
internal sealed class EdgeDirectMethods(Func<IDirectMethodHandler> module, LossyLink link) : IDirectMethodClient
{
    public async Task<DirectMethodOutcome> InvokeAsync(
        string deviceId,
        string moduleId,
        string methodName,
        byte[] payloadJson,
        TimeSpan responseTimeout,
        CancellationToken cancellationToken = default)
    {
        if (!link.IsConnected || deviceId != History.Producers.ServerId || moduleId != DirectMethodNames.DefaultModuleId)
        {
            return new DirectMethodOutcome(DirectMethodStatus.DeviceOffline, null, null, $"Module {deviceId}/{moduleId} is not connected.");
        }

        var response = await module().HandleAsync(methodName, payloadJson, cancellationToken);
        return new DirectMethodOutcome(DirectMethodStatus.Answered, response.Status, System.Text.Encoding.UTF8.GetString(response.Payload), null);
    }
}
