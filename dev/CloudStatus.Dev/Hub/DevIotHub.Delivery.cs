using MQTTnet;
using MQTTnet.Server;

namespace CloudStatus.Dev.Hub;

/// <summary>
/// What the hub sends down (method requests, twin answers, desired patches) goes to exactly one module: the message is
/// injected as the hub and the enqueue interceptor lets it reach only its addressee, and only while that module is
/// connected (a kept session of an offline module gets nothing queued, as IoT Hub drops these for offline devices).
/// MQTTnet's own subscription matching still applies, so a module that did not subscribe receives nothing.
/// </summary>
internal sealed partial class DevIotHub
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<MqttApplicationMessage, Delivery> _deliveries =
        new(ReferenceEqualityComparer.Instance);

    /// <summary>Sends <paramref name="message"/> to <paramref name="clientId"/>; true when it was queued to that connection.</summary>
    private async Task<bool> DeliverAsync(string clientId, MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        var server = Volatile.Read(ref _server);
        if (server is null || !_modules.ContainsKey(clientId))
        {
            return false;
        }

        var delivery = new Delivery(clientId);
        _deliveries[message] = delivery;
        try
        {
            await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = HubClientId }, cancellationToken)
                .ConfigureAwait(false);
            return delivery.Delivered;
        }
        finally
        {
            _deliveries.TryRemove(message, out _);
        }
    }

    private Task OnInterceptingClientEnqueueAsync(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        // Nothing a module publishes is routed to other clients, and the hub's own messages only to their addressee.
        if (e.SenderClientId != HubClientId
            || !_deliveries.TryGetValue(e.ApplicationMessage, out var delivery)
            || delivery.ClientId != e.ReceiverClientId
            || !_modules.ContainsKey(e.ReceiverClientId))
        {
            e.AcceptEnqueue = false;
            return Task.CompletedTask;
        }

        delivery.Delivered = true;
        return Task.CompletedTask;
    }

    private sealed class Delivery(string clientId)
    {
        public string ClientId { get; } = clientId;

        public bool Delivered { get; set; }
    }
}
