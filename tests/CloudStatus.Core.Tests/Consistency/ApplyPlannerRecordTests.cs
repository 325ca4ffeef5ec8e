using CloudStatus.Core.Central;
using CloudStatus.Core.Consistency;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using static CloudStatus.Core.Tests.Consistency.CentralRows;

namespace CloudStatus.Core.Tests.Consistency;

/// <summary>Which records a batch writes: apply-only-newer within an epoch, epochs, events, digest and counts.</summary>
public sealed class ApplyPlannerRecordTests
{
    [Theory]
    [InlineData(4, 0)]
    [InlineData(5, 0)]
    [InlineData(6, 1)]
    public void TryPlan_RecordAgainstStoredSeq5_AppliesOnlyANewerSeq(long seq, int applied)
    {
        var a = Row("a", 5, Health.Offline);
        var server = ServerOf(5, a);

        var plan = Plan(server, Batch(BatchKind.Async, seq, seq, Rec("a", seq, Health.Online)), a);

        Assert.Equal(applied, plan.Applied);
        Assert.Equal(applied, plan.Writes.Count);
        Assert.Equal(applied == 1 ? new HealthCounts(1, 0, 0, 0) : new HealthCounts(0, 0, 1, 0), plan.Server.Counts);
    }

    [Fact]
    public void TryPlan_NewerRecord_WritesItWithCentralTimeAndMovesItsDigestTerm()
    {
        var a = Row("a", 1);
        var b = Row("b", 2, Health.Degraded);
        var record = Rec("a", 3, Health.Offline);

        var plan = Plan(ServerOf(2, a, b), Batch(BatchKind.Periodic, 3, 3, record), a, b);

        var written = plan.Written("a");
        Assert.Equal((3L, Health.Offline, Epoch, Now, record.LocalTimestamp, record.State), (written.Seq, written.Health, written.Epoch, written.CentralTimestamp, written.LocalTimestamp, written.State));
        Assert.Equal((Tenant, Server), (written.TenantId, written.ServerId));
        Assert.Equal((2L, HashOf([("a", 3), ("b", 2)])), (plan.Server.LiveCount, plan.Server.DigestHash));
        Assert.Equal(new HealthCounts(0, 1, 1, 0), plan.Server.Counts);
    }

    [Fact]
    public void TryPlan_SameProducerTwiceInABatch_KeepsTheHighestSeqWhateverTheOrder()
    {
        var plan = Plan(ServerOf(0), Batch(BatchKind.Periodic, 1, 2, Rec("a", 2, Health.Offline), Rec("a", 1)));

        Assert.Equal(2, plan.Applied); // seq 1 first, then 2 over it
        Assert.Equal((2L, Health.Offline), (plan.Written("a").Seq, plan.Written("a").Health));
        Assert.Equal((1L, HashOf([("a", 2)])), (plan.Server.LiveCount, plan.Server.DigestHash));
    }

    [Fact]
    public void TryPlan_DeletedRecord_WritesATombstoneAndTakesItOutOfTheDigest()
    {
        var a = Row("a", 1);
        var b = Row("b", 2);

        var plan = Plan(ServerOf(2, a, b), Batch(BatchKind.Periodic, 3, 3, Rec("a", 3, deleted: true)), a, b);

        Assert.True(plan.Written("a").Deleted);
        Assert.Equal((1L, HashOf([("b", 2)]), new HealthCounts(1, 0, 0, 0)), (plan.Server.LiveCount, plan.Server.DigestHash, plan.Server.Counts));
    }

    [Fact]
    public void TryPlan_StoredRowOfAnotherEpoch_IsOlderWhateverItsSeq()
    {
        var tombstone = Row("a", 90, deleted: true, epoch: string.Empty);

        var plan = Plan(ServerOf(0), Batch(BatchKind.Periodic, 1, 1, Rec("a", 1)), tombstone);

        Assert.Equal(1, plan.Applied);
        Assert.Equal((1L, false, Epoch), (plan.Written("a").Seq, plan.Written("a").Deleted, plan.Written("a").Epoch));
    }

    [Fact]
    public void TryPlan_NewEpoch_TombstonesEveryRowWithoutEpochAndRestartsTheServer()
    {
        var a = Row("a", 39);
        var b = Row("b", 40, Health.Offline);
        var gone = Row("c", 12, deleted: true);
        var oldTombstone = Row("d", 3, deleted: true, epoch: string.Empty);
        var server = ServerOf(40, a, b) with { LastResyncRequestAt = Now.AddSeconds(-1), LastResyncFromSeq = 7 };
        var batch = Batch(BatchKind.Periodic, 1, 1, Rec("a", 1)) with { Epoch = "e-2" };

        var plan = Plan(server, batch, a, b, gone, oldTombstone);

        Assert.Equal((Epoch, 3), (plan.PreviousEpoch, plan.EpochDeleted));
        Assert.Equal((true, string.Empty, Now), (plan.Written("b").Deleted, plan.Written("b").Epoch, plan.Written("b").CentralTimestamp));
        Assert.Equal((true, string.Empty), (plan.Written("c").Deleted, plan.Written("c").Epoch));
        Assert.DoesNotContain(plan.Writes, w => w.ProducerId == "d"); // already a tombstone of no epoch
        Assert.Equal((false, 1L, "e-2"), (plan.Written("a").Deleted, plan.Written("a").Seq, plan.Written("a").Epoch));
        Assert.Equal(("e-2", 1L, 1L, HashOf([("a", 1)])), (plan.Server.Epoch, plan.Server.Watermark, plan.Server.LiveCount, plan.Server.DigestHash));
        Assert.Equal(new HealthCounts(1, 0, 0, 0), plan.Server.Counts);
        Assert.Null(plan.Server.LastResyncFromSeq);
        Assert.Contains(plan.Events, e => e.Type == StatusEventTypes.EpochChanged && e.ProducerId == Server);
    }

    [Fact]
    public void TryPlan_NewEpochWithoutEveryRow_AsksForThem()
    {
        var a = Row("a", 1);

        Assert.Null(PlanWithoutAllRows(ServerOf(1, a), Batch(BatchKind.Periodic, 1, 1, Rec("a", 1)) with { Epoch = "e-2" }, a));
    }

    [Fact]
    public void TryPlan_KnownOnlineServerSameEpoch_NeedsOnlyTheBatchRows()
    {
        var a = Row("a", 1);

        var plan = PlanWithoutAllRows(ServerOf(1, a), Batch(BatchKind.Periodic, 2, 2, Rec("a", 2, Health.Degraded)), a);

        Assert.NotNull(plan);
        Assert.Equal(1, plan.Applied);
    }

    [Fact]
    public void TryPlan_Changes_AppendTheirEventsWithDeterministicIds()
    {
        var a = Row("a", 1);
        var b = Row("b", 2);
        var c = Row("c", 3);
        var batch = Batch(
            BatchKind.Periodic, 4, 9,
            Rec("a", 4, Health.Degraded), Rec("b", 5, deleted: true), Rec("c", 6), Rec("n", 7), Rec("x", 8, deleted: true), Rec("c", 9, evt: RecordEvents.Reboot));

        var plan = Plan(ServerOf(3, a, b, c), batch, a, b, c);
        var again = Plan(ServerOf(3, a, b, c), batch, a, b, c);

        Assert.Equal(
            [("a", StatusEventTypes.HealthChanged, 4L), ("b", StatusEventTypes.Deleted, 5L), ("n", StatusEventTypes.Added, 7L), ("c", RecordEvents.Reboot, 9L)],
            plan.Events.Select(e => (e.ProducerId, e.Type, e.Seq!.Value)));
        Assert.Equal(plan.Events.Select(e => e.EventId), again.Events.Select(e => e.EventId));
        Assert.Equal(4, plan.Events.Select(e => e.EventId).Distinct().Count());
        var added = plan.Events.Single(e => e.ProducerId == "n");
        Assert.Equal((Tenant, Server, Health.Online, Now), (added.TenantId, added.ServerId, added.Health, added.CentralTimestamp));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void TryPlan_SilentOrFlappingChange_IsAHealthChange(bool silent, bool flapping)
    {
        var a = Row("a", 1);

        var plan = Plan(ServerOf(1, a), Batch(BatchKind.Periodic, 2, 2, Rec("a", 2) with { Silent = silent, Flapping = flapping }), a);

        Assert.Equal(StatusEventTypes.HealthChanged, Assert.Single(plan.Events).Type);
        Assert.Equal((silent, flapping), (plan.Written("a").Silent, plan.Written("a").Flapping));
    }

    [Fact]
    public void TryPlan_RedeliveredBatch_WritesNothingButTheServerCounters()
    {
        var a = Row("a", 1);
        var b = Row("b", 2);
        var server = ServerOf(2, a, b);

        var plan = Plan(server, Batch(BatchKind.Periodic, 1, 2, Rec("a", 1), Rec("b", 2)), a, b);

        Assert.Equal(0, plan.Applied);
        Assert.Empty(plan.Writes);
        Assert.Empty(plan.Events);
        Assert.Equal(server with { Batches = 1, Records = 2, Bytes = 100, LastBatchAt = Now }, plan.Server);
    }
}
