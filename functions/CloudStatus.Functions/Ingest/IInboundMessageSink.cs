namespace CloudStatus.Functions.Ingest;

/// <summary>Where a hub hands device-to-cloud messages to central (the stand-in for the Event Hubs trigger).</summary>
public interface IInboundMessageSink
{
    ValueTask AcceptAsync(InboundMessage message, CancellationToken cancellationToken = default);
}
