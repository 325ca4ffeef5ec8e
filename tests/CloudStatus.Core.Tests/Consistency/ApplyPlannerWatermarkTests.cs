using CloudStatus.Core.Central;
using CloudStatus.Core.Consistency;
using CloudStatus.Core.Wire;
using static CloudStatus.Core.Tests.Consistency.CentralRows;

namespace CloudStatus.Core.Tests.Consistency;

/// <summary>The watermark, gaps, the heartbeat digest check and the resync cooldown.</summary>
public sealed class ApplyPlannerWatermarkTests
{
    [Theory]
    [InlineData(BatchKind.Periodic, 1, 4, 4)]
    [InlineData(BatchKind.Periodic, 3, 6, 6)]
    [InlineData(BatchKind.Periodic, 2, 3, 4)]
    [InlineData(BatchKind.Resync, 5, 9, 9)]
    [InlineData(BatchKind.Async, 5, 5, 5)]
    public void TryPlan_BatchContinuingTheWatermark_AdvancesItNeverBack(BatchKind kind, long from, long to, long watermark)
    {
        var plan = Plan(ServerOf(4), Batch(kind, from, to));

        Assert.Equal(watermark, plan.Server.Watermark);
        Assert.Null(plan.Resync);
    }

    [Theory]
    [InlineData(BatchKind.Periodic)]
    [InlineData(BatchKind.Resync)]
    public void TryPlan_BatchBeyondWatermarkPlusOne_IsAGapAskingFromWatermarkPlusOne(BatchKind kind)
    {
        var plan = Plan(ServerOf(4), Batch(kind, 6, 7, CentralRows.Rec("c", 7)));

        Assert.Equal(4, plan.Server.Watermark);
        Assert.Equal(5, plan.Resync?.FromSeq);
        Assert.StartsWith("gap:", plan.Resync!.Reason, StringComparison.Ordinal);
        Assert.Equal((5L, Now), (plan.Server.LastResyncFromSeq, plan.Server.LastResyncRequestAt));
        Assert.Equal(1, plan.Applied); // a gapped batch's records still apply
    }

    [Fact]
    public void TryPlan_AsyncAheadOfABacklog_IsNoGapAndLeavesTheWatermark()
    {
        var plan = Plan(ServerOf(2), Batch(BatchKind.Async, 10, 10, CentralRows.Rec("sw", 10, evt: RecordEvents.Reboot)));

        Assert.Null(plan.Resync);
        Assert.Null(plan.ThrottledResync);
        Assert.Equal((2L, 1), (plan.Server.Watermark, plan.Applied));
    }

    [Fact]
    public void TryPlan_HeartbeatAheadOfWatermark_AsksFromWatermarkPlusOne()
    {
        var plan = Plan(ServerOf(2), Heartbeat(9, Digest()));

        Assert.Equal(3, plan.Resync?.FromSeq);
        Assert.Equal(2, plan.Server.Watermark);
    }

    [Fact]
    public void TryPlan_HeartbeatWithMatchingDigest_NeedsNoRowsAndRecordsTheHeartbeat()
    {
        var a = Row("a", 1);
        var b = Row("b", 2);
        var heartbeat = Heartbeat(2, Digest(("a", 1), ("b", 2))) with { SentAt = Now.AddMilliseconds(-1500) };

        var plan = PlanWithoutAllRows(ServerOf(2, a, b), heartbeat);

        Assert.NotNull(plan);
        Assert.Null(plan.Resync);
        Assert.Null(plan.Recount);
        Assert.Equal((Now, 1500.0), (plan.Server.LastHeartbeat, plan.Server.ClockOffsetMs));
    }

    [Fact]
    public void TryPlan_HeartbeatDigestDiffers_AsksForEveryRowToRecount()
    {
        var a = Row("a", 1);

        Assert.Null(PlanWithoutAllRows(ServerOf(1, a), Heartbeat(1, Digest(("z", 1)))));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TryPlan_HeartbeatDigestDiffersFromTheRowsToo_AsksForAFullResync(bool countOnly)
    {
        var a = Row("a", 1);
        var b = Row("b", 2);
        var edge = countOnly ? Digest(("a", 1), ("b", 2)) with { Count = 3 } : Digest(("a", 1), ("z", 2));

        var plan = Plan(ServerOf(2, a, b), Heartbeat(2, edge), a, b);

        Assert.Equal(0, plan.Resync?.FromSeq);
        Assert.Contains("digest mismatch at 2", plan.Resync!.Reason, StringComparison.Ordinal);
        Assert.Equal(new DigestRecount(2, HashOf([("a", 1), ("b", 2)]), Healed: false), plan.Recount);
    }

    [Fact]
    public void TryPlan_HeartbeatDigestDiffersButTheRowsMatch_RecountHealsTheServerRowWithoutResync()
    {
        var a = Row("a", 1);
        var b = Row("b", 2, Core.Model.Health.Degraded);
        var drifted = ServerOf(2, a, b) with { LiveCount = 7, DigestHash = 12345, Counts = new HealthCounts(7, 0, 0, 0) };

        var plan = Plan(drifted, Heartbeat(2, Digest(("a", 1), ("b", 2))), a, b);

        Assert.Null(plan.Resync);
        Assert.True(plan.Recount?.Healed);
        Assert.Equal((2L, HashOf([("a", 1), ("b", 2)]), new HealthCounts(1, 1, 0, 0)), (plan.Server.LiveCount, plan.Server.DigestHash, plan.Server.Counts));
    }

    [Fact]
    public void TryPlan_HeartbeatBehindWatermark_IsNotCompared()
    {
        var a = Row("a", 1);
        var b = Row("b", 3);

        var plan = Plan(ServerOf(3, a, b), Heartbeat(1, Digest(("a", 1))), a, b);

        Assert.Null(plan.Resync);
        Assert.Null(plan.Recount);
    }

    [Fact]
    public void TryPlan_ResyncWithinTheCooldown_IsThrottledAndKeepsTheLastRequest()
    {
        var last = Now - Cooldown + TimeSpan.FromSeconds(1);
        var server = ServerOf(2) with { LastResyncRequestAt = last, LastResyncFromSeq = 3 };

        var plan = Plan(server, Batch(BatchKind.Periodic, 7, 7));

        Assert.Null(plan.Resync);
        Assert.Equal(3, plan.ThrottledResync?.FromSeq);
        Assert.Equal((last, 3L), (plan.Server.LastResyncRequestAt, plan.Server.LastResyncFromSeq));
    }

    [Fact]
    public void TryPlan_ResyncOnceTheCooldownPassed_IsRequestedAgain()
    {
        var server = ServerOf(2) with { LastResyncRequestAt = Now - Cooldown, LastResyncFromSeq = 3 };

        var plan = Plan(server, Batch(BatchKind.Periodic, 7, 7));

        Assert.Equal(3, plan.Resync?.FromSeq);
        Assert.Null(plan.ThrottledResync);
        Assert.Equal((Now, 3L), (plan.Server.LastResyncRequestAt, plan.Server.LastResyncFromSeq));
    }

    [Fact]
    public void TryPlan_NewEpochRightAfterARequest_IsNotThrottled()
    {
        var server = ServerOf(2) with { LastResyncRequestAt = Now.AddSeconds(-1), LastResyncFromSeq = 3 };

        var plan = Plan(server, Heartbeat(5, Digest(("a", 5))) with { Epoch = "e-2" });

        Assert.Equal(1, plan.Resync?.FromSeq);
    }
}
