using System.Threading.Channels;

namespace CloudStatus.Functions.Ingest;

/// <summary>A resync ingest decided to ask for: <c>resync {fromSeq}</c> to the server's module.</summary>
internal sealed record ResyncRequestItem(string ServerId, long FromSeq, string Reason);

/// <summary>Resync requests waiting for <see cref="ResyncDispatcher"/> (ingest never waits on a direct method).</summary>
internal sealed class ResyncRequestQueue
{
    private readonly Channel<ResyncRequestItem> _channel = Channel.CreateUnbounded<ResyncRequestItem>(
        new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<ResyncRequestItem> Reader => _channel.Reader;

    public void Enqueue(ResyncRequestItem item) => _channel.Writer.TryWrite(item);
}
