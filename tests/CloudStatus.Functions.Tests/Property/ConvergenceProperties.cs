using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CloudStatus.Functions.Tests.Property;

/// <summary>A random edge history and how the network mangles its batches.</summary>
public sealed record EdgeHistory(IReadOnlyList<EdgeOp> Ops, int DeliverySeed)
{
    public override string ToString() => $"seed {DeliverySeed}: {string.Join(", ", Ops)}";
}

public static class EdgeHistoryArbitrary
{
    public static Arbitrary<EdgeHistory> Histories()
    {
        var op = Gen.Frequency(
            (10, Gen.Zip(Gen.Choose(0, 5), Gen.Elements(Health.Online, Health.Degraded, Health.Offline))
                .Select(t => new EdgeOp(EdgeOpKind.Upsert, t.Item1, t.Item2))),
            (4, Gen.Zip(Gen.Choose(0, 5), Gen.Elements(Health.Online, Health.Offline))
                .Select(t => new EdgeOp(EdgeOpKind.AsyncUpsert, t.Item1, t.Item2))),
            (3, Gen.Choose(0, 5).Select(p => new EdgeOp(EdgeOpKind.Delete, p, Health.Unknown))),
            (5, Gen.Constant(new EdgeOp(EdgeOpKind.Pump, 0, Health.Unknown))),
            (2, Gen.Constant(new EdgeOp(EdgeOpKind.PurgeSentTombstones, 0, Health.Unknown))),
            (1, Gen.Constant(new EdgeOp(EdgeOpKind.Restart, 0, Health.Unknown))));
        var history = Gen.Zip(Gen.ListOf(op).Resize(40), Gen.Choose(0, int.MaxValue - 1))
            .Select(t => new EdgeHistory([.. t.Item1], t.Item2));
        return Arb.From(history, h => h.Ops.Count == 0
            ? []
            : [h with { Ops = [.. h.Ops.Take(h.Ops.Count / 2)] }, h with { Ops = [.. h.Ops.Skip(1)] }, h with { Ops = [.. h.Ops.SkipLast(1)] }]);
    }
}

public sealed class ConvergenceProperties
{
    private const int MaxResyncRounds = 8;

    /// <summary>
    /// Central converges to the edge heap when its batches are duplicated, reordered and dropped, once the resync
    /// loop runs: every resync request is answered from the edge's current heap, then a heartbeat with the digest.
    /// </summary>
    [Property(MaxTest = 40, Arbitrary = [typeof(EdgeHistoryArbitrary)])]
    public Task Central_UnderDuplicationReorderingAndDrops_ConvergesToTheEdgeHeap(EdgeHistory history) =>
        AssertConvergesAsync(history);

    /// <summary>
    /// A history FsCheck once shrank to (replay 15716605522784623392,14390018294379431119,68): p5 (seq 1) is deleted,
    /// its tombstone (seq 8) is dropped on the way and then purged at the edge; the gap resync from 6 cannot remove
    /// p5, so only the heartbeat's digest mismatch, the full resync it asks for and that resync's authoritative range do.
    /// </summary>
    [Fact]
    public Task Central_PurgedTombstoneOfTheFirstSeqDropped_ConvergesToTheEdgeHeap() =>
        AssertConvergesAsync(new EdgeHistory(
        [
            Upsert(5, Health.Offline), Upsert(2, Health.Degraded), Async(4, Health.Offline), Upsert(0, Health.Online),
            Upsert(3, Health.Degraded), Pump, Delete(2), Pump, Async(4, Health.Offline), Delete(5), Async(3, Health.Online),
            Delete(0), Upsert(0, Health.Degraded), Purge, Pump, Upsert(2, Health.Degraded), Upsert(2, Health.Offline),
            Upsert(4, Health.Online), Purge, Delete(2), Pump, Async(4, Health.Offline),
        ], DeliverySeed: 282120593));

    private static readonly EdgeOp Pump = new(EdgeOpKind.Pump, 0, Health.Unknown);
    private static readonly EdgeOp Purge = new(EdgeOpKind.PurgeSentTombstones, 0, Health.Unknown);

    private static EdgeOp Upsert(int producer, Health health) => new(EdgeOpKind.Upsert, producer, health);

    private static EdgeOp Async(int producer, Health health) => new(EdgeOpKind.AsyncUpsert, producer, health);

    private static EdgeOp Delete(int producer) => new(EdgeOpKind.Delete, producer, Health.Unknown);

    private static async Task AssertConvergesAsync(EdgeHistory history)
    {
        await using var central = new CentralHarness();
        var edge = new EdgeModel();
        var random = new Random(history.DeliverySeed);

        // Every op before the flush: Flush() as an argument of Concat ran first, on the empty heap, so nothing got flushed.
        var sent = history.Ops.SelectMany(edge.Apply).ToList();
        sent.AddRange(edge.Flush());
        var deliveries = sent
            .SelectMany(b => Enumerable.Repeat(b, random.Next(10) switch { < 2 => 0, < 8 => 1, _ => 2 })) // drop, once, twice
            .Select(b => (Key: random.Next(), Batch: b))
            .OrderBy(d => d.Key)
            .Select(d => d.Batch)
            .ToList();
        deliveries.Add(edge.Heartbeat());
        foreach (var batch in deliveries)
        {
            await central.ApplyAsync(batch);
        }

        for (var round = 0; ; round++)
        {
            var requests = central.DrainResyncs();
            if (requests.Count == 0)
            {
                break;
            }

            Assert.True(round < MaxResyncRounds, $"still resyncing after {MaxResyncRounds} rounds");
            central.Time.Advance(TimeSpan.FromSeconds(31)); // past the resync cooldown
            foreach (var request in requests)
            {
                await central.ApplyAsync(edge.Resync(request.FromSeq));
            }

            await central.ApplyAsync(edge.Heartbeat());
        }

        var expected = edge.Live.Select(r => (r.ProducerId, r.Seq, r.Health, r.State)).OrderBy(r => r.ProducerId, StringComparer.Ordinal).ToList();
        var actual = (await central.Producers.ListAsync(EdgeModel.ServerId))
            .Where(p => !p.Deleted)
            .Select(p => (p.ProducerId, p.Seq, p.Health, p.State))
            .ToList();
        Assert.Equal(expected, actual);

        var server = await central.Servers.GetAsync(EdgeModel.ServerId);
        var digest = edge.Digest();
        Assert.NotNull(server);
        Assert.Equal((edge.Epoch, digest.Count, digest.Hash), (server.Epoch, server.LiveCount, DigestHash.Format(server.DigestHash)));
    }
}
