namespace CloudStatus.Functions.Storage;

/// <summary>
/// The durable dispatch queue (at-least-once): a message stays until completed. A received message is hidden for a
/// visibility timeout and comes back, with its dequeue count raised, when its receiver did not complete it (crashed,
/// frozen, failed). Adapters: an Azure Storage queue (in Azure, also read by the Functions host's queue trigger) and
/// a SQLite outbox (embedded).
/// </summary>
internal interface IDispatchQueue
{
    /// <summary>The queue's name; its poison queue is this name with <c>-poison</c>.</summary>
    string Name { get; }

    /// <summary>Creates the queue and its poison queue if missing; safe to call many times.</summary>
    Task EnsureCreatedAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores the message; once this returns it survives the process.</summary>
    Task EnqueueAsync(string body, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="maxMessages"/> visible messages, each hidden for <paramref name="visibilityTimeout"/>.</summary>
    Task<IReadOnlyList<DispatchDelivery>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default);

    /// <summary>Removes a delivered message; false when its receipt is stale (it was delivered again since).</summary>
    Task<bool> CompleteAsync(DispatchDelivery delivery, CancellationToken cancellationToken = default);

    /// <summary>Moves a delivered message to the poison queue (kept for the operator, never delivered again).</summary>
    Task MoveToPoisonAsync(DispatchDelivery delivery, string reason, CancellationToken cancellationToken = default);

    /// <summary>The oldest messages of the poison queue, without removing them.</summary>
    Task<IReadOnlyList<PoisonedDispatch>> PeekPoisonAsync(int maxMessages, CancellationToken cancellationToken = default);
}

/// <summary>One delivery of a message: its id, the receipt that completes this delivery, and how many deliveries so far.</summary>
internal sealed record DispatchDelivery(string MessageId, string Receipt, long DequeueCount, string Body);

/// <summary>A message in the poison queue; <see cref="Reason"/> when the adapter keeps one (the outbox does).</summary>
internal sealed record PoisonedDispatch(string MessageId, string Body, string? Reason, DateTimeOffset? PoisonedAt);
