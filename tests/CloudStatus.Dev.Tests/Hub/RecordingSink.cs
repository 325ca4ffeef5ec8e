using System.Collections.Concurrent;
using CloudStatus.Functions.Ingest;

namespace CloudStatus.Dev.Tests.Hub;

/// <summary>Records what the hub hands to ingest; can hold or fail acceptance.</summary>
internal sealed class RecordingSink : IInboundMessageSink
{
    public ConcurrentQueue<InboundMessage> Messages { get; } = new();

    public Func<InboundMessage, Task> BeforeAccept { get; set; } = _ => Task.CompletedTask;

    public async ValueTask AcceptAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        await BeforeAccept(message);
        Messages.Enqueue(message);
    }
}
