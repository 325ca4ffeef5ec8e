using CloudStatus.Core.Wire;
using CloudStatus.Edge.Transport;

namespace CloudStatus.Edge.Tests.Support;

/// <summary>
/// Stands in for the MQTT IoT Hub transport (which has its own tests against a real MQTT broker): records every
/// acknowledged message and decodes it, and can be switched offline, when every send fails like an unacknowledged publish.
/// </summary>
internal sealed class FakeUpstreamTransport : IUpstreamTransport
{
    private readonly Lock _gate = new();
    private readonly List<OutboundMessage> _messages = [];
    private int _failAfter = -1;

    public bool Online { get; set; } = true;

    public bool IsConnected => Online;

    public int Attempts { get; private set; }

    public IReadOnlyList<OutboundMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public IReadOnlyList<StatusBatch> Batches => [.. Messages.Select(m => BatchCodec.Decode(m.Body, m.ContentEncoding))];

    /// <summary>Acknowledge <paramref name="count"/> more messages, then go offline.</summary>
    public void GoOfflineAfter(int count) => _failAfter = count;

    public void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
        }
    }

    public Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Attempts++;
            if (_failAfter == 0)
            {
                Online = false;
                _failAfter = -1;
            }
            else if (_failAfter > 0)
            {
                _failAfter--;
            }

            if (!Online)
            {
                throw new TransportUnavailableException("The fake hub is offline.");
            }

            _messages.Add(message);
        }

        return Task.CompletedTask;
    }
}
