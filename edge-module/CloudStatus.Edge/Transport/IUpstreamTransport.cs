namespace CloudStatus.Edge.Transport;

/// <summary>
/// The device-to-cloud leg (edgeHub / IoT Hub over MQTT in production, the dev hub locally).
/// The heap is the buffer: nothing is queued here, a failed send is simply retried later.
/// </summary>
public interface IUpstreamTransport
{
    bool IsConnected { get; }

    /// <summary>
    /// Publishes one message and completes once the hub acknowledged it (MQTT QoS 1 PUBACK).
    /// Throws <see cref="TransportUnavailableException"/> when not connected or the publish was not acknowledged.
    /// </summary>
    Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default);
}
