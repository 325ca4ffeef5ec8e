using CloudStatus.Functions.Storage;

namespace CloudStatus.Functions.Tests.Dispatch;

/// <summary>
/// The guarantees of the dispatch queue port, run against each adapter (<see cref="SqliteDispatchOutboxTests"/>,
/// <see cref="StorageQueueDispatchQueueTests"/>): a message stays until completed, survives a new client, comes back
/// after its visibility timeout with its dequeue count raised, completes only with the latest receipt, and once
/// poisoned is kept for the operator and never delivered again.
/// </summary>
public abstract class DispatchQueueContractTests
{
    /// <summary>A new client over the same backing queue (as a new process would open it).</summary>
    private protected abstract Task<IDispatchQueue> OpenAsync();

    private protected abstract TimeSpan VisibilityTimeout { get; }

    /// <summary>Lets the visibility timeout of the last receive pass.</summary>
    private protected abstract Task PassVisibilityTimeoutAsync();

    /// <summary>Whether the adapter keeps the reason of a poisoned message.</summary>
    private protected abstract bool KeepsPoisonReason { get; }

    [Fact]
    public async Task Enqueue_ThenReceive_DeliveredOnceUntilCompleted()
    {
        var queue = await OpenAsync();
        await queue.EnqueueAsync("""{"kind":"command","commandId":"c-1"}""");

        var delivery = Assert.Single(await queue.ReceiveAsync(16, VisibilityTimeout));
        var hidden = await queue.ReceiveAsync(16, VisibilityTimeout);

        Assert.Equal(("""{"kind":"command","commandId":"c-1"}""", 1L), (delivery.Body, delivery.DequeueCount));
        Assert.Empty(hidden);
        Assert.True(await queue.CompleteAsync(delivery));
        await PassVisibilityTimeoutAsync();
        Assert.Empty(await queue.ReceiveAsync(16, VisibilityTimeout));
    }

    [Fact]
    public async Task Enqueued_ANewClientReceivesIt()
    {
        await (await OpenAsync()).EnqueueAsync("body-1");

        var delivery = Assert.Single(await (await OpenAsync()).ReceiveAsync(16, VisibilityTimeout));

        Assert.Equal("body-1", delivery.Body);
    }

    [Fact]
    public async Task NotCompleted_ComesBackAfterTheVisibilityTimeout_AndOnlyTheLatestReceiptCompletes()
    {
        var queue = await OpenAsync();
        await queue.EnqueueAsync("body-2");
        var first = Assert.Single(await queue.ReceiveAsync(16, VisibilityTimeout));

        await PassVisibilityTimeoutAsync();
        var second = Assert.Single(await (await OpenAsync()).ReceiveAsync(16, VisibilityTimeout));

        Assert.Equal((first.MessageId, 2L, "body-2"), (second.MessageId, second.DequeueCount, second.Body));
        Assert.False(await queue.CompleteAsync(first));
        Assert.True(await queue.CompleteAsync(second));
        await PassVisibilityTimeoutAsync();
        Assert.Empty(await queue.ReceiveAsync(16, VisibilityTimeout));
    }

    [Fact]
    public async Task Several_AllDeliveredInOneReceive()
    {
        var queue = await OpenAsync();
        foreach (var body in new[] { "a", "b", "c" })
        {
            await queue.EnqueueAsync(body);
        }

        var deliveries = await queue.ReceiveAsync(16, VisibilityTimeout);

        Assert.Equal(["a", "b", "c"], deliveries.Select(d => d.Body).Order(StringComparer.Ordinal));
        Assert.Equal(3, deliveries.Select(d => d.MessageId).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task MoveToPoison_KeptForTheOperatorAndNeverDeliveredAgain()
    {
        var queue = await OpenAsync();
        await queue.EnqueueAsync("body-3");
        await queue.EnqueueAsync("body-4");
        var deliveries = await queue.ReceiveAsync(16, VisibilityTimeout);
        var poisoned = deliveries.Single(d => d.Body == "body-3");

        await queue.MoveToPoisonAsync(poisoned, "failed 5 times");
        await PassVisibilityTimeoutAsync();

        var again = Assert.Single(await queue.ReceiveAsync(16, VisibilityTimeout));
        Assert.Equal("body-4", again.Body);
        var kept = Assert.Single(await (await OpenAsync()).PeekPoisonAsync(10));
        Assert.Equal("body-3", kept.Body);
        Assert.Equal(KeepsPoisonReason ? "failed 5 times" : null, kept.Reason);
        Assert.NotNull(kept.PoisonedAt);
    }
}
