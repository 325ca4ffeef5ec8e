using CloudStatus.Edge.Transport;

namespace CloudStatus.Bench.Scale;

/// <summary>An upstream that acknowledges every message at once and only counts them (the scale run stops at the wire).</summary>
internal sealed class CountingTransport : IUpstreamTransport
{
    private long _messages;
    private long _bytes;

    public bool IsConnected => true;

    public long Messages => Interlocked.Read(ref _messages);

    public long Bytes => Interlocked.Read(ref _bytes);

    public Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        Interlocked.Increment(ref _messages);
        Interlocked.Add(ref _bytes, message.Body.Length);
        return Task.CompletedTask;
    }
}
