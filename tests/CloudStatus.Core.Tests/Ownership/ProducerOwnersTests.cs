using CloudStatus.Core.Central;
using CloudStatus.Core.Model;
using CloudStatus.Core.Ownership;

namespace CloudStatus.Core.Tests.Ownership;

public sealed class ProducerOwnersTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static ProducerState Row(string server, string producer, Health health, int ageSeconds = 0, bool deleted = false) => new()
    {
        TenantId = "t",
        ServerId = server,
        ProducerId = producer,
        Kind = ProducerKind.Device,
        Epoch = "e",
        Seq = 1,
        Health = health,
        LocalTimestamp = Now,
        CentralTimestamp = Now.AddSeconds(-ageSeconds),
        Deleted = deleted,
    };

    private static readonly Lease PrimaryHolds = LeaseArbiter.Create("t", "srv-a", "srv-b", Now);

    [Fact]
    public void Resolve_PairBothReport_HolderOwnsAndBothReportIt()
    {
        // The peer's row is newer, but the primary holds the lease: the non-owner's observation does not win.
        var rows = new[] { Row("srv-a", "p1", Health.Online, ageSeconds: 10), Row("srv-b", "p1", Health.Offline) };

        var owned = Assert.Single(ProducerOwners.Resolve(rows, [PrimaryHolds]));

        Assert.Equal(("srv-a", Health.Online), (owned.Owner, owned.Row.Health));
        Assert.Equal(["srv-a", "srv-b"], owned.ReportedBy);
    }

    [Fact]
    public void Resolve_PeerHoldsAfterTakeover_PeerOwnsEvenWhenThePrimaryRowIsNewer()
    {
        var taken = LeaseArbiter.PrimaryLost(PrimaryHolds, Now, LossSignals.HeartbeatSweep).Lease;
        var rows = new[] { Row("srv-a", "p1", Health.Online), Row("srv-b", "p1", Health.Degraded, ageSeconds: 10) };

        var owned = Assert.Single(ProducerOwners.Resolve(rows, [taken]));

        Assert.Equal("srv-b", owned.Owner);
    }

    [Fact]
    public void Resolve_HolderDoesNotReportIt_TheOtherRowStands()
    {
        var taken = LeaseArbiter.PrimaryLost(PrimaryHolds, Now, LossSignals.HeartbeatSweep).Lease;
        var rows = new[] { Row("srv-a", "p1", Health.Online), Row("srv-a", "p2", Health.Online), Row("srv-b", "p2", Health.Online) };

        var owned = ProducerOwners.Resolve(rows, [taken]);

        Assert.Equal([("p1", "srv-a"), ("p2", "srv-b")], owned.Select(o => (o.Row.ProducerId, o.Owner)));
    }

    [Fact]
    public void Resolve_UnrelatedServers_NewestWinsWhateverTheOrder()
    {
        var rows = new[] { Row("srv-x", "p1", Health.Online, ageSeconds: 5), Row("srv-y", "p1", Health.Offline) };

        var forward = Assert.Single(ProducerOwners.Resolve(rows, []));
        var backward = Assert.Single(ProducerOwners.Resolve(rows.Reverse(), []));

        Assert.Equal(("srv-y", "srv-y"), (forward.Owner, backward.Owner));
    }

    [Fact]
    public void Resolve_TombstonesAreNotProducers()
    {
        var rows = new[] { Row("srv-a", "p1", Health.Online, deleted: true), Row("srv-b", "p1", Health.Online) };

        var owned = Assert.Single(ProducerOwners.Resolve(rows, [PrimaryHolds]));

        Assert.Equal(("srv-b", 1), (owned.Owner, owned.ReportedBy.Count));
    }

    [Fact]
    public void Count_ProducerSeenByBothServersOfAPair_CountedOnce()
    {
        var rows = new[]
        {
            Row("srv-a", "p1", Health.Online), Row("srv-b", "p1", Health.Online),
            Row("srv-a", "p2", Health.Degraded), Row("srv-b", "p3", Health.Offline),
        };

        var counts = ProducerOwners.Count(ProducerOwners.Resolve(rows, [PrimaryHolds]));

        Assert.Equal(new HealthCounts(1, 1, 1, 0), counts);
    }

    [Fact]
    public void Shadowed_PairBothReport_TheNonOwnersRowsOnly()
    {
        var rows = new[]
        {
            Row("srv-a", "p1", Health.Online), Row("srv-b", "p1", Health.Degraded),
            Row("srv-a", "p2", Health.Online), Row("srv-b", "p3", Health.Online, deleted: true), Row("srv-a", "p3", Health.Online),
        };

        var shadowed = ProducerOwners.Shadowed(rows, [PrimaryHolds]);

        Assert.Equal([("srv-b", "p1")], shadowed.Select(r => (r.ServerId, r.ProducerId)));
    }

    [Fact]
    public void Resolve_DuplexedPairEachThePeerOfTheOther_TheLeaseRootingTheProducerDecides()
    {
        var aTaken = LeaseArbiter.PrimaryLost(PrimaryHolds, Now, LossSignals.HeartbeatSweep).Lease; // srv-b holds srv-a's lease
        var bHolds = LeaseArbiter.Create("t", "srv-b", "srv-a", Now);
        var rows = new[]
        {
            Row("srv-a", "srv-a.d1", Health.Online), Row("srv-b", "srv-a.d1", Health.Online),
            Row("srv-a", "srv-b.d1", Health.Online), Row("srv-b", "srv-b.d1", Health.Online),
        };

        var owned = ProducerOwners.Resolve(rows, [bHolds, aTaken]);

        Assert.Equal([("srv-a.d1", "srv-b"), ("srv-b.d1", "srv-b")], owned.Select(o => (o.Row.ProducerId, o.Owner)));
        Assert.Equal([("srv-a.d1", "srv-a"), ("srv-b.d1", "srv-b")], ProducerOwners.Resolve(rows, [bHolds, PrimaryHolds]).Select(o => (o.Row.ProducerId, o.Owner)));
    }
}
