using CloudStatus.Functions.Ingest;

namespace CloudStatus.Faults.Tests.Support;

/// <summary>
/// Between the dev hub and central's ingest queue (the local Event Hubs stand-in). It keeps every accepted message (the
/// partition's history, for a replay after a checkpoint loss) and, on demand, holds the hub's acknowledgement (an edge
/// waits mid-send) or drops what it acknowledged (central killed with batches in its queue).
/// </summary>
internal sealed class FaultSink(IInboundMessageSink inner) : IInboundMessageSink
{
    private readonly List<InboundMessage> _accepted = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource? _held;
    private volatile bool _dropping;
    private int _dropped;
    private int _holding;

    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Publishes waiting for their acknowledgement while held.</summary>
    public int Holding => Volatile.Read(ref _holding);

    public IReadOnlyList<InboundMessage> Accepted
    {
        get
        {
            lock (_lock)
            {
                return [.. _accepted];
            }
        }
    }

    /// <summary>Every message from now on is acknowledged and lost, as by a process that dies with its queue.</summary>
    public void Drop() => _dropping = true;

    /// <summary>Every publish from now on waits for its acknowledgement until <see cref="Release"/>.</summary>
    public void Hold()
    {
        lock (_lock)
        {
            _held ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _held?.TrySetResult();
            _held = null;
        }
    }

    /// <summary>Hands a message to ingest again, as a replayed partition would.</summary>
    public ValueTask ReplayAsync(InboundMessage message, CancellationToken cancellationToken) => inner.AcceptAsync(message, cancellationToken);

    public async ValueTask AcceptAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        Task? held;
        lock (_lock)
        {
            held = _held?.Task;
        }

        if (held is not null)
        {
            Interlocked.Increment(ref _holding);
            try
            {
                await held.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _holding);
            }
        }

        if (_dropping)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        await inner.AcceptAsync(message, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _accepted.Add(message);
        }
    }
}
