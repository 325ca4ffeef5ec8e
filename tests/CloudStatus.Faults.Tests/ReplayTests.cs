using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Faults.Tests.Support;

namespace CloudStatus.Faults.Tests;

/// <summary>
/// Event Hubs replays a partition from an old checkpoint (the checkpoint was lost): every batch ingest already applied
/// comes again, here newest first. In the dev stack the hub writes straight into ingest's queue; the replay is handed to
/// that queue as the trigger would hand it.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class ReplayTests(ReliabilityReport report)
{
    [Fact]
    public async Task OldBatches_RedeliveredOutOfOrder_ChangeNothing()
    {
        await using var stack = await FaultStack.StartAsync(changeRate: 0);
        foreach (var device in new[] { "srv-01.sw-01.dev-001", "srv-02.sw-02.dev-002", "srv-01.sw-02" })
        {
            await stack.SetHealthAsync(device, "degraded");
        }

        await Convergence.CentralEqualsEveryHeapAsync(stack);
        var before = await stack.EventsAsync();

        var replay = stack.Sink.Accepted.Reverse().ToList();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var message in replay)
        {
            await stack.Sink.ReplayAsync(message, CancellationToken.None);
        }

        await Eventually.TrueAsync(() => stack.IngestBacklog == 0, "ingest took every replayed batch", TimeSpan.FromSeconds(30));
        await Convergence.CentralEqualsEveryHeapAsync(stack);

        // Nothing the replay brought is new: no event appeared that was not there before it.
        var fromReplay = (await stack.EventsAsync()).Count(e => before.All(b => b.EventId != e.EventId));
        Assert.True(replay.Count >= 3, $"only {replay.Count} batches to replay");
        await Aftermath.CheckAsync(stack, report, FaultCatalog.ReplayOutOfOrder,
            "every batch ingest had applied, handed to it again newest first (a partition replayed from a lost checkpoint)",
            replay.Count, clock, "srv-02.sw-01", otherLost: fromReplay);
    }
}
