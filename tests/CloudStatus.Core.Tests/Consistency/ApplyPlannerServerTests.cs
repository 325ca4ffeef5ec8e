using CloudStatus.Core.Central;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using static CloudStatus.Core.Tests.Consistency.CentralRows;

namespace CloudStatus.Core.Tests.Consistency;

/// <summary>The server row: registration, coming back online (stale clearing), counters, and a resync's range.</summary>
public sealed class ApplyPlannerServerTests
{
    [Fact]
    public void TryPlan_UnknownServer_AsksForEveryRowThenRegistersIt()
    {
        var batch = Batch(BatchKind.Periodic, 1, 2, Rec("a", 1), Rec("b", 2, Health.Degraded));

        Assert.Null(PlanWithoutAllRows(null, batch));
        var plan = Plan(null, batch);

        Assert.True(plan.Registered);
        Assert.False(plan.CameOnline);
        var registered = Assert.Single(plan.Events, e => e.ProducerId == Server);
        Assert.Equal((StatusEventTypes.ServerRegistered, Tenant, Now), (registered.Type, registered.TenantId, registered.CentralTimestamp));
        Assert.Equal((Tenant, Site, Epoch, Now, true), (plan.Server.TenantId, plan.Server.SiteId, plan.Server.Epoch, plan.Server.RegisteredAt, plan.Server.Online));
        Assert.Equal((2L, 2L, new HealthCounts(1, 1, 0, 0)), (plan.Server.Watermark, plan.Server.LiveCount, plan.Server.Counts));
    }

    [Fact]
    public void TryPlan_AnyBatch_CountsItOnTheServerRow()
    {
        var plan = Plan(ServerOf(0) with { Batches = 4, Records = 10, Bytes = 1000 }, Batch(BatchKind.Periodic, 1, 2, Rec("a", 1), Rec("b", 2)));

        Assert.Equal((5L, 12L, 1100L, Now), (plan.Server.Batches, plan.Server.Records, plan.Server.Bytes, plan.Server.LastBatchAt));
        Assert.Null(plan.Server.LastHeartbeat); // only heartbeats set it
    }

    [Fact]
    public void TryPlan_Connectivity_IsPassedOnToWrite()
    {
        ConnectivityEntry[] entries = [new() { SwitchId = "srv-01.sw1", Mode = ConnectivityMode.Disconnected, Switches = ["srv-01.sw2"] }];

        var plan = Plan(ServerOf(0), Heartbeat(0, Digest()) with { Connectivity = entries });

        Assert.Same(entries, plan.Connectivity);
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 2)]
    public void TryPlan_ServerOfflineOrWithStaleRows_ClearsTheStaleMarksAndComesOnline(bool online, long staleCount)
    {
        var a = Row("a", 1, stale: true);
        var b = Row("b", 2, stale: true);
        var c = Row("c", 3);
        var server = ServerOf(3, a, b, c) with { Online = online, StaleCount = staleCount };
        var batch = Heartbeat(3, Digest(("a", 1), ("b", 2), ("c", 3)));

        Assert.Null(PlanWithoutAllRows(server, batch));
        var plan = Plan(server, batch, a, b, c);

        Assert.True(plan.CameOnline);
        Assert.Equal(["a", "b"], plan.Writes.Select(w => w.ProducerId).Order());
        Assert.All(plan.Writes, w => Assert.False(w.Stale));
        Assert.Equal(a with { Stale = false }, plan.Written("a"));
        Assert.Equal((0L, true), (plan.Server.StaleCount, plan.Server.Online));
        var back = Assert.Single(plan.Events);
        Assert.Equal((StatusEventTypes.ServerOnline, Server), (back.Type, back.ProducerId));
    }

    [Fact]
    public void TryPlan_StaleRowUpdatedByTheBatch_IsWrittenOnceAndNotStale()
    {
        var a = Row("a", 1, stale: true);

        var plan = Plan(ServerOf(1, a) with { Online = false, StaleCount = 1 }, Batch(BatchKind.Periodic, 2, 2, Rec("a", 2)), a);

        Assert.Equal((2L, false), (plan.Written("a").Seq, plan.Written("a").Stale));
    }

    [Fact]
    public void TryPlan_OnlineServerWithoutStaleRows_LogsNoServerEvent()
    {
        var plan = Plan(ServerOf(0), Heartbeat(0, Digest()));

        Assert.False(plan.CameOnline);
        Assert.Empty(plan.Events);
    }

    [Fact]
    public void TryPlan_ResyncBatch_DeletesTheLiveRowsOfItsRangeThatItOmits()
    {
        var a = Row("a", 1);
        var b = Row("b", 3, Health.Offline); // on the range's bounds
        var c = Row("c", 5);
        var d = Row("d", 8);
        var gone = Row("g", 6, deleted: true);
        var batch = Batch(BatchKind.Resync, 3, 8, Rec("c", 5), Rec("e", 7));

        Assert.Null(PlanWithoutAllRows(ServerOf(8, a, b, c, d), batch, a, b, c, d, gone));
        var plan = Plan(ServerOf(8, a, b, c, d), batch, a, b, c, d, gone);

        Assert.Equal(2, plan.ResyncDeleted);
        Assert.Equal(b with { Deleted = true, CentralTimestamp = Now }, plan.Written("b"));
        Assert.True(plan.Written("d").Deleted);
        Assert.DoesNotContain(plan.Writes, w => w.ProducerId is "a" or "c" or "g"); // below the range, in the batch, already gone
        Assert.Equal((3L, HashOf([("a", 1), ("c", 5), ("e", 7)])), (plan.Server.LiveCount, plan.Server.DigestHash));
        Assert.Equal(new HealthCounts(3, 0, 0, 0), plan.Server.Counts);
        Assert.Equal(["b", "d"], plan.Events.Where(e => e.Type == StatusEventTypes.Deleted).Select(e => e.ProducerId).Order());
        Assert.Equal(8, plan.Server.Watermark);
    }

    [Fact]
    public void TryPlan_FullResync_IsAuthoritativeForTheWholeHeap()
    {
        var a = Row("a", 1);
        var b = Row("b", 2);
        var c = Row("c", 3);

        var plan = Plan(ServerOf(3, a, b, c), Batch(BatchKind.Resync, 0, 3, Rec("b", 2)), a, b, c);

        Assert.Equal(["a", "c"], plan.Writes.Where(w => w.Deleted).Select(w => w.ProducerId).Order());
        Assert.Equal((1L, HashOf([("b", 2)])), (plan.Server.LiveCount, plan.Server.DigestHash));
    }

    [Fact]
    public void TryPlan_ResyncOfANewEpoch_LeavesTheOldEpochsTombstonesAlone()
    {
        var a = Row("a", 2);
        var batch = Batch(BatchKind.Resync, 1, 3, Rec("b", 1)) with { Epoch = "e-2" };

        var plan = Plan(ServerOf(2, a), batch, a);

        Assert.Equal(0, plan.ResyncDeleted);
        Assert.Equal((true, string.Empty), (plan.Written("a").Deleted, plan.Written("a").Epoch));
        Assert.Equal(("e-2", 1L, 3L), (plan.Server.Epoch, plan.Server.LiveCount, plan.Server.Watermark));
    }
}
