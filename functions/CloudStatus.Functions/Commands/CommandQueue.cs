using System.Threading.Channels;

namespace CloudStatus.Functions.Commands;

/// <summary>Ids of stored pending commands waiting for <see cref="CommandDispatchService"/>.</summary>
internal sealed class CommandQueue
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<string> Reader => _channel.Reader;

    public void Enqueue(string commandId) => _channel.Writer.TryWrite(commandId);
}
