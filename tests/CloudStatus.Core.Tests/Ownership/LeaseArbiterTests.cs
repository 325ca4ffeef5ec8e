using CloudStatus.Core.Ownership;

namespace CloudStatus.Core.Tests.Ownership;

public sealed class LeaseArbiterTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Holdoff = TimeSpan.FromSeconds(30);

    private static Lease Fresh() => LeaseArbiter.Create("t", "srv-a", "srv-b", Now);

    [Fact]
    public void Create_PrimaryHoldsWithTokenOne()
    {
        var lease = Fresh();

        Assert.Equal(("srv-a", 1L, LeasePhase.Primary), (lease.HolderId, lease.Token, lease.Phase));
    }

    [Fact]
    public void Create_PeerIsThePrimary_Throws() =>
        Assert.Throws<ArgumentException>(() => LeaseArbiter.Create("t", "srv-a", "srv-a", Now));

    [Fact]
    public void PrimaryLost_PrimaryHolds_PeerTakesOverWithNextTokenAndSignal()
    {
        var (lease, change) = LeaseArbiter.PrimaryLost(Fresh(), Now, LossSignals.HeartbeatSweep);

        Assert.Equal(LeaseChange.TakenOver, change);
        Assert.Equal(("srv-b", 2L, LeasePhase.TakenOver, "heartbeat-sweep", 1L), (lease.HolderId, lease.Token, lease.Phase, lease.Signal, lease.Takeovers));
        Assert.Equal(1, lease.Version);
    }

    [Fact]
    public void PrimaryLost_PeerAlreadyHolds_Unchanged()
    {
        var taken = LeaseArbiter.PrimaryLost(Fresh(), Now, LossSignals.PeerLink).Lease;

        var again = LeaseArbiter.PrimaryLost(taken, Now.AddSeconds(5), LossSignals.HeartbeatSweep);

        Assert.Equal(LeaseChange.None, again.Change);
        Assert.Same(taken, again.Lease);
    }

    [Fact]
    public void PrimaryHeard_AfterTakeover_HandbackStartsButPeerKeepsTheLease()
    {
        var taken = LeaseArbiter.PrimaryLost(Fresh(), Now, LossSignals.HeartbeatSweep).Lease;

        var (lease, change) = LeaseArbiter.PrimaryHeard(taken, Now.AddSeconds(60), Holdoff);

        Assert.Equal(LeaseChange.HandbackStarted, change);
        Assert.Equal(("srv-b", 2L, LeasePhase.HandingBack), (lease.HolderId, lease.Token, lease.Phase));
        Assert.Equal(Now.AddSeconds(60), lease.PrimaryHeardSince);
    }

    [Fact]
    public void PrimaryHeard_PastTheHoldoff_HandedBackWithNextToken()
    {
        var taken = LeaseArbiter.PrimaryLost(Fresh(), Now, LossSignals.HeartbeatSweep).Lease;
        var handing = LeaseArbiter.PrimaryHeard(taken, Now.AddSeconds(60), Holdoff).Lease;

        var early = LeaseArbiter.PrimaryHeard(handing, Now.AddSeconds(89), Holdoff);
        var (lease, change) = LeaseArbiter.PrimaryHeard(handing, Now.AddSeconds(90), Holdoff);

        Assert.Equal(LeaseChange.None, early.Change);
        Assert.Equal(LeaseChange.HandedBack, change);
        Assert.Equal(("srv-a", 3L, LeasePhase.Primary, 1L), (lease.HolderId, lease.Token, lease.Phase, lease.Handbacks));
        Assert.Null(lease.PrimaryHeardSince);
    }

    [Fact]
    public void PrimaryHeard_ZeroHoldoff_HandsBackAtOnce()
    {
        var taken = LeaseArbiter.PrimaryLost(Fresh(), Now, LossSignals.HeartbeatSweep).Lease;

        var (lease, change) = LeaseArbiter.PrimaryHeard(taken, Now.AddSeconds(1), TimeSpan.Zero);

        Assert.Equal((LeaseChange.HandedBack, "srv-a", 3L), (change, lease.HolderId, lease.Token));
    }

    [Fact]
    public void PrimaryLost_WhileHandingBack_AbortsAndPeerKeepsTheToken()
    {
        var taken = LeaseArbiter.PrimaryLost(Fresh(), Now, LossSignals.HeartbeatSweep).Lease;
        var handing = LeaseArbiter.PrimaryHeard(taken, Now.AddSeconds(60), Holdoff).Lease;

        var (lease, change) = LeaseArbiter.PrimaryLost(handing, Now.AddSeconds(70), LossSignals.PeerLink);

        Assert.Equal(LeaseChange.HandbackAborted, change);
        Assert.Equal(("srv-b", 2L, LeasePhase.TakenOver, 0L), (lease.HolderId, lease.Token, lease.Phase, lease.Handbacks));
        Assert.Null(lease.PrimaryHeardSince);
    }

    [Fact]
    public void PrimaryHeard_PrimaryHolds_Unchanged() =>
        Assert.Equal(LeaseChange.None, LeaseArbiter.PrimaryHeard(Fresh(), Now, Holdoff).Change);

    [Theory]
    [InlineData("srv-a", null, FenceRefusal.None)]
    [InlineData("srv-a", 1L, FenceRefusal.None)]
    [InlineData("srv-b", null, FenceRefusal.NotHolder)]
    [InlineData("srv-b", 1L, FenceRefusal.NotHolder)]
    [InlineData("srv-a", 0L, FenceRefusal.StaleToken)]
    [InlineData("srv-c", null, FenceRefusal.Stranger)]
    public void Admit_PrimaryHolds_OnlyThePrimaryWithTheCurrentToken(string sender, long? token, FenceRefusal expected) =>
        Assert.Equal(expected, LeaseArbiter.Admit(Fresh(), sender, token));

    [Theory]
    [InlineData("srv-b", 2L, FenceRefusal.None)]
    [InlineData("srv-a", null, FenceRefusal.NotHolder)]
    [InlineData("srv-a", 1L, FenceRefusal.StaleToken)]
    [InlineData("srv-b", 1L, FenceRefusal.StaleToken)]
    public void Admit_AfterTakeover_OnlyThePeerWithTheNewToken(string sender, long? token, FenceRefusal expected)
    {
        var taken = LeaseArbiter.PrimaryLost(Fresh(), Now, LossSignals.HeartbeatSweep).Lease;

        Assert.Equal(expected, LeaseArbiter.Admit(taken, sender, token));
    }

    [Fact]
    public void Admit_PeerAfterHandback_RefusedEvenWithItsTakeoverToken()
    {
        var taken = LeaseArbiter.PrimaryLost(Fresh(), Now, LossSignals.HeartbeatSweep).Lease;
        var back = LeaseArbiter.PrimaryHeard(taken, Now.AddSeconds(1), TimeSpan.Zero).Lease;

        Assert.Equal(FenceRefusal.StaleToken, LeaseArbiter.Admit(back, "srv-b", 2));
        Assert.Equal(FenceRefusal.NotHolder, LeaseArbiter.Admit(back, "srv-b"));
    }

    [Fact]
    public void PeerReportedLoss_CentralStillHearsThePrimary_Refused()
    {
        var result = LeaseArbiter.PeerReportedLoss(Fresh(), Now, Now.AddSeconds(-5), TimeSpan.FromSeconds(20));

        Assert.Equal(LeaseChange.None, result.Change);
    }

    [Fact]
    public void PeerReportedLoss_CentralAlsoLostThePrimary_TakenOverByPeerLink()
    {
        var (lease, change) = LeaseArbiter.PeerReportedLoss(Fresh(), Now, Now.AddSeconds(-20), TimeSpan.FromSeconds(20));

        Assert.Equal((LeaseChange.TakenOver, "peer-link", "srv-b"), (change, lease.Signal, lease.HolderId));
    }
}
