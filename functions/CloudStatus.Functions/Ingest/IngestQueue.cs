using System.Threading.Channels;

namespace CloudStatus.Functions.Ingest;

/// <summary>
/// The local stand-in for the Event Hubs trigger: a bounded queue the dev hub writes device-to-cloud messages into
/// (waiting when full, like a partition's backpressure) and <see cref="IngestWorker"/> drains in arrival order.
/// </summary>
internal sealed class IngestQueue(Microsoft.Extensions.Options.IOptions<IngestOptions> options) : IInboundMessageSink
{
    private readonly Channel<InboundMessage> _channel = Channel.CreateBounded<InboundMessage>(
        new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    public ChannelReader<InboundMessage> Reader => _channel.Reader;

    public ValueTask AcceptAsync(InboundMessage message, CancellationToken cancellationToken = default) =>
        _channel.Writer.WriteAsync(message, cancellationToken);
}
