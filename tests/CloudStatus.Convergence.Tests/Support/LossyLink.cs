using CloudStatus.Edge.Transport;

namespace CloudStatus.Convergence.Tests.Support;

/// <summary>
/// The uplink between the edge and central's ingest: acknowledges every send at once (as edgeHub does) and keeps the
/// message in flight until the history delivers, mangles or drops it. While down, sends fail as the MQTT transport's do.
/// </summary>
internal sealed class LossyLink : IUpstreamTransport
{
    private readonly List<OutboundMessage> _inFlight = [];

    public bool IsConnected { get; set; } = true;

    public int InFlight => _inFlight.Count;

    public Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        if (!IsConnected)
        {
            throw new TransportUnavailableException("The link is down.");
        }

        _inFlight.Add(message);
        return Task.CompletedTask;
    }

    /// <summary>Everything in flight, in the order sent.</summary>
    public IReadOnlyList<OutboundMessage> TakeAll()
    {
        var all = _inFlight.ToList();
        _inFlight.Clear();
        return all;
    }

    /// <summary>
    /// Everything in flight as the network mangles it: each message is lost (1 in 5), held back for a later delivery
    /// (3 in 20), delivered twice (3 in 20) or once; what is delivered arrives in random order.
    /// </summary>
    public IReadOnlyList<OutboundMessage> TakeMangled(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var delivered = new List<(int Key, OutboundMessage Message)>();
        var held = new List<OutboundMessage>();
        foreach (var message in _inFlight)
        {
            var roll = random.Next(20);
            var copies = roll switch { < 4 => 0, < 7 => -1, < 10 => 2, _ => 1 };
            if (copies < 0)
            {
                held.Add(message);
            }

            for (var i = 0; i < copies; i++)
            {
                delivered.Add((random.Next(), message));
            }
        }

        _inFlight.Clear();
        _inFlight.AddRange(held);
        return [.. delivered.OrderBy(d => d.Key).Select(d => d.Message)];
    }

    /// <summary>Loses the last message sent, if it is still in flight.</summary>
    public void DropNewest()
    {
        if (_inFlight.Count > 0)
        {
            _inFlight.RemoveAt(_inFlight.Count - 1);
        }
    }
}
