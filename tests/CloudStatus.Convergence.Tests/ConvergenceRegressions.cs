using CloudStatus.Convergence.Tests.History;
using CloudStatus.Core.Model;

namespace CloudStatus.Convergence.Tests;

/// <summary>Histories that once broke convergence, or that reach a path only few random histories take.</summary>
public sealed class ConvergenceRegressions
{
    /// <summary>
    /// The history FsCheck once shrank to against the hand-written edge model: p5 (seq 1) is deleted, its tombstone
    /// (seq 3) is lost on the way and then purged at the edge; the gap resync from 3 cannot remove p5 (its row has seq 1),
    /// so only the heartbeat's digest mismatch, the full resync it asks for and that resync's authoritative range do.
    /// </summary>
    [Fact]
    public Task Central_PurgedTombstoneOfAnEarlySeqLost_ConvergesToTheEdgeHeap() =>
        ConvergenceRun.AssertConvergesAsync(new ConvergenceHistory(
        [
            Op.Observe(5, Health.Offline), Op.Observe(2, Health.Degraded), Op.AsyncWrite, Op.Pump, Op.Deliver,
            Op.Delete(5), Op.Pump, Op.Drop, Op.Purge,
            Op.Observe(3, Health.Degraded), Op.AsyncWrite, Op.Pump, Op.Deliver,
        ], LinkSeed: 0));

    /// <summary>
    /// A catch-up overtakes the batch before it: the older record arriving last must not undo the newer one (central
    /// applies only newer seqs), and the gap the catch-up showed is resynced.
    /// </summary>
    [Fact]
    public Task Central_OlderBatchArrivesAfterTheNewer_NeverGoesBackAndConverges() =>
        ConvergenceRun.AssertConvergesAsync(new ConvergenceHistory(
        [
            Op.Observe(2, Health.Online), Op.AsyncWrite, Op.Pump,
            Op.Observe(2, Health.Offline), Op.PeriodicWrite, Op.Pump,
            Op.DeliverReversed,
        ], LinkSeed: 0));

    /// <summary>
    /// Async records (p0 at seq 3, p1 at seq 5) go up ahead of the periodic backlog between them (p2 at seq 4), and
    /// central moves its watermark past that backlog (an async batch is never a gap); when the catch-up carrying the
    /// backlog is lost, central holds p2's older state at a watermark that says it has everything: only the heartbeat's
    /// digest mismatch and the full resync it asks for bring it back.
    /// </summary>
    [Fact]
    public Task Central_AsyncAheadArrivesButTheBacklogBelowItIsLost_ConvergesToTheEdgeHeap() =>
        ConvergenceRun.AssertConvergesAsync(new ConvergenceHistory(
        [
            Op.Observe(2, Health.Online), Op.Observe(0, Health.Online), Op.AsyncWrite, Op.Pump, Op.Deliver,
            Op.Observe(0, Health.Offline), Op.AsyncWrite,
            Op.Observe(2, Health.Offline), Op.PeriodicWrite,
            Op.Observe(1, Health.Online), Op.AsyncWrite,
            Op.Pump, Op.Drop, Op.Deliver,
        ], LinkSeed: 0));

    /// <summary>
    /// The edge loses its heap (new epoch) while a batch of the old epoch is still in flight, and that batch arrives
    /// last: central follows the old epoch back, then the next heartbeat of the current one switches it again and resyncs.
    /// </summary>
    [Fact]
    public Task Central_LateBatchOfThePreviousEpoch_ConvergesToTheEdgeHeap() =>
        ConvergenceRun.AssertConvergesAsync(new ConvergenceHistory(
        [
            Op.Observe(2, Health.Online), Op.AsyncWrite, Op.Pump, Op.Deliver,
            Op.Observe(3, Health.Online), Op.AsyncWrite, Op.Pump,
            Op.WipeEdge,
            Op.Observe(4, Health.Online), Op.AsyncWrite, Op.Pump,
            Op.DeliverReversed,
        ], LinkSeed: 0));

    /// <summary>
    /// Central's resync request finds the module offline (the link is down) and is not sent again; both sides restart;
    /// the next heartbeat's gap is within the resync cooldown, so only a later one gets the resync asked again.
    /// </summary>
    [Fact]
    public Task Central_ResyncRequestFindsTheModuleOfflineAcrossRestarts_ConvergesToTheEdgeHeap() =>
        ConvergenceRun.AssertConvergesAsync(new ConvergenceHistory(
        [
            Op.Observe(0, Health.Online), Op.Observe(2, Health.Online), Op.AsyncWrite, Op.Pump, Op.Drop,
            Op.Observe(2, Health.Offline), Op.PeriodicWrite, Op.Pump, Op.LinkDown, Op.Deliver,
            Op.RestartCentral, Op.RestartEdge, Op.LinkUp, Op.Heartbeat, Op.Deliver,
        ], LinkSeed: 0));

    /// <summary>
    /// The edge's delta baseline moves when the hub acknowledges, not when central applies: p2's record at seq 2 is
    /// acknowledged and lost, so the delta at seq 3 names a base central never held. Central must not patch its older
    /// copy into a state the edge never had; it asks for the range again and the resync's whole records heal it.
    /// </summary>
    [Fact]
    public async Task Central_DeltaWhoseBaseWasLost_ConvergesWithoutAPartialState()
    {
        var deltas = await ConvergenceRun.AssertConvergesAsync(new ConvergenceHistory(
        [
            Op.Observe(0, Health.Online), Op.Observe(2, Health.Online), Op.AsyncWrite, Op.PeriodicWrite, Op.Pump, Op.Deliver,
            Op.Observe(2, Health.Online), Op.PeriodicWrite, Op.Pump, Op.Drop,
            Op.Observe(2, Health.Degraded), Op.PeriodicWrite, Op.Pump, Op.Deliver,
        ], LinkSeed: 0));

        Assert.True(deltas > 0, "no delta record went up");
    }
}
