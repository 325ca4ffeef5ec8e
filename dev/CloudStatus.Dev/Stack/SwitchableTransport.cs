using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Transport.IotHub;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// The upstream leg of one simulated server. The edge node keeps this one object for its whole life, while the real
/// MQTT transport behind it is created when the server comes up and disposed when it goes dark (an
/// <see cref="MqttIotHubTransport"/> runs once). While dark, sends fail like an unreachable hub: the heap keeps the data.
/// </summary>
internal sealed class SwitchableTransport : IUpstreamTransport
{
    private volatile MqttIotHubTransport? _current;

    public bool IsConnected => _current?.IsConnected == true;

    public MqttIotHubTransport? Current
    {
        get => _current;
        set => _current = value;
    }

    public Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default) =>
        _current is { } transport
            ? transport.SendAsync(message, cancellationToken)
            : Task.FromException(new TransportUnavailableException("The local server is dark (stopped in the dev stack)."));
}
