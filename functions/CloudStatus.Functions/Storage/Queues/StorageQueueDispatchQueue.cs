using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace CloudStatus.Functions.Storage.Queues;

/// <summary>
/// The dispatch queue as an Azure Storage queue (base64 bodies, as the Functions host's queue trigger reads them by
/// default). The poison queue is <c>{name}-poison</c>, the one the host itself moves a message to after its dequeue
/// limit; a storage queue message carries no reason, so <see cref="PeekPoisonAsync"/> reports none.
/// </summary>
internal sealed class StorageQueueDispatchQueue(QueueServiceClient service, string queueName, DispatchSignal signal) : IDispatchQueue
{
    /// <summary>A storage queue hands out at most 32 messages per receive.</summary>
    public const int MaxBatch = 32;

    private readonly QueueClient _queue = service.GetQueueClient(queueName);
    private readonly QueueClient _poison = service.GetQueueClient(queueName + "-poison");

    public string Name => queueName;

    public static QueueClientOptions ClientOptions() => new() { MessageEncoding = QueueMessageEncoding.Base64 };

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await _poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public async Task EnqueueAsync(string body, CancellationToken cancellationToken = default)
    {
        await Transient(() => _queue.SendMessageAsync(body, cancellationToken)).ConfigureAwait(false);
        signal.Notify();
    }

    public async Task<IReadOnlyList<DispatchDelivery>> ReceiveAsync(int maxMessages, TimeSpan visibilityTimeout, CancellationToken cancellationToken = default)
    {
        var hide = visibilityTimeout < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : visibilityTimeout;
        var response = await Transient(() => _queue.ReceiveMessagesAsync(Math.Clamp(maxMessages, 1, MaxBatch), hide, cancellationToken)).ConfigureAwait(false);
        return [.. response.Value.Select(m => new DispatchDelivery(m.MessageId, m.PopReceipt, m.DequeueCount, m.Body.ToString()))];
    }

    public async Task<bool> CompleteAsync(DispatchDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        try
        {
            await Transient(() => _queue.DeleteMessageAsync(delivery.MessageId, delivery.Receipt, cancellationToken)).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            return false; // the receipt is stale: the message was delivered again, or is gone
        }
    }

    public async Task MoveToPoisonAsync(DispatchDelivery delivery, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await Transient(() => _poison.SendMessageAsync(delivery.Body, cancellationToken)).ConfigureAwait(false);
        await CompleteAsync(delivery, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<PoisonedDispatch>> PeekPoisonAsync(int maxMessages, CancellationToken cancellationToken = default)
    {
        var response = await Transient(() => _poison.PeekMessagesAsync(Math.Clamp(maxMessages, 1, MaxBatch), cancellationToken)).ConfigureAwait(false);
        return [.. response.Value.Select(m => new PoisonedDispatch(m.MessageId, m.Body.ToString(), null, m.InsertedOn))];
    }

    /// <summary>Throttling, timeouts and server errors surface as <see cref="TransientStoreException"/>.</summary>
    private static async Task<T> Transient<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 408 or 429 or >= 500)
        {
            throw new TransientStoreException($"The storage queue answered {ex.Status} ({ex.ErrorCode}).", ex);
        }
    }

    private static async Task Transient(Func<Task> call) =>
        await Transient(async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
}
