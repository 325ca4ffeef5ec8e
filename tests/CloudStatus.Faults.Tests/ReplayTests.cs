using CloudStatus.Core.Model;
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
        string[] changed = ["srv-01.sw-01.dev-001", "srv-02.sw-02.dev-002", "srv-01.sw-02"];
        foreach (var device in changed)
        {
            await stack.SetHealthAsync(device, "degraded");
        }

        // The sims record a change (and its switch's roll-up) on their next periods, not at once: central equal to the
        // heaps proves nothing until the heaps hold it. Taken earlier (a busy machine), the snapshot below lacked the
        // scenario's own changes, and their events were counted as brought by the replay.
        await Eventually.TrueAsync(() => DegradedInCentralAsync(stack, changed), "central holds the three changes", Convergence.Limit);
        await HeapsStillAsync(stack);
        await Convergence.CentralEqualsEveryHeapAsync(stack);
        var before = await stack.EventsAsync();
        await using var load = await FaultLoad.StartAsync(stack, FaultCatalog.ReplayOutOfOrder);

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
        await load.StopAsync(report);
    }

    private static async Task<bool> DegradedInCentralAsync(FaultStack stack, IReadOnlyList<string> producerIds)
    {
        foreach (var serverId in producerIds.Select(p => p[..p.IndexOf('.', StringComparison.Ordinal)]).Distinct(StringComparer.Ordinal))
        {
            var producers = await stack.ProducersAsync(serverId);
            if (!producerIds.Where(p => p.StartsWith(serverId + ".", StringComparison.Ordinal))
                    .All(p => producers.Any(c => c.ProducerId == p && c.Health == Health.Degraded)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Waits until no heap recorded anything over a few periods (the roll-ups of the changes are in).</summary>
    private static async Task HeapsStillAsync(FaultStack stack)
    {
        for (var attempt = 0; attempt < 15; attempt++)
        {
            long[] last = [.. stack.Fleet.Servers.Select(s => s.Node.Heap.MaxSeq)];
            await Task.Delay(TimeSpan.FromSeconds(2));
            if (last.SequenceEqual(stack.Fleet.Servers.Select(s => s.Node.Heap.MaxSeq)))
            {
                return;
            }
        }

        throw new TimeoutException("The heaps kept recording with no change rate.");
    }
}
