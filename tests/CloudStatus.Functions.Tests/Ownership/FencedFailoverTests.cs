using System.Diagnostics.Metrics;
using CloudStatus.Core.Ownership;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Ownership;

/// <summary>Central arbitrating a primary/peer pair through ingest and the heartbeat sweep (SQLite, fake clock).</summary>
public sealed class FencedFailoverTests : IAsyncLifetime
{
    private const string Peer = "srv-02";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly CentralHarness _central = new(new Dictionary<string, string?>
    {
        ["CloudStatus:Central:Leases:HandbackHoldoff"] = "00:00:30",
    });

    private LeaseKeeper Keeper => _central.Get<LeaseKeeper>();
    private ILeaseStore Leases => _central.Get<ILeaseStore>();

    public async Task InitializeAsync() => await Keeper.PairAsync(Tenant, Server, Peer, CancellationToken.None);

    public async Task DisposeAsync() => await _central.DisposeAsync();

    private Task<Lease?> LeaseAsync() => Leases.GetAsync(Tenant, Server);

    [Fact]
    public async Task Apply_PrimaryHoldsItsLease_Applied()
    {
        var outcome = await _central.ApplyAsync(Periodic(1, 1, Rec("a", 1)));

        Assert.Equal((FenceRefusal.None, 1), (outcome.Fenced, outcome.Applied));
    }

    [Fact]
    public async Task Sweep_PrimaryUnheardPastTimeout_PeerTakesOverBySweepSignal()
    {
        await _central.ApplyAsync(Periodic(1, 1, Rec("a", 1)));
        _central.Time.Advance(Timeout + TimeSpan.FromSeconds(1));

        await _central.Sweeper.SweepOnceAsync();
        await _central.Sweeper.SweepOnceAsync();

        var lease = await LeaseAsync();
        Assert.Equal((Peer, 2L, LeasePhase.TakenOver, LossSignals.HeartbeatSweep, 1L), (lease!.HolderId, lease.Token, lease.Phase, lease.Signal, lease.Takeovers));
    }

    [Fact]
    public async Task Apply_PrimaryReturnsWhilePeerHolds_RefusedCountedAndHandbackStarted()
    {
        using var refused = new MetricCollector<long>(_central.Get<IMeterFactory>(), CentralMetrics.MeterName, "cloudstatus.central.ownership.refused");
        await _central.ApplyAsync(Periodic(1, 1, Rec("a", 1)));
        _central.Time.Advance(Timeout + TimeSpan.FromSeconds(1));
        await _central.Sweeper.SweepOnceAsync();

        var outcome = await _central.ApplyAsync(Periodic(2, 2, Rec("a", 2, Core.Model.Health.Degraded)));

        Assert.Equal((FenceRefusal.NotHolder, 0), (outcome.Fenced, outcome.Applied));
        Assert.Equal(1, (await _central.Producers.ListAsync(Server)).Single().Seq); // the fenced record did not land
        var measurement = Assert.Single(refused.GetMeasurementSnapshot());
        Assert.Equal("NotHolder", measurement.Tags["cloudstatus.reason"]);
        Assert.Equal(LeasePhase.HandingBack, (await LeaseAsync())!.Phase);
        Assert.Equal(_central.Time.GetUtcNow(), (await _central.Servers.GetAsync(Server))!.LastBatchAt); // heard, so not lost again
    }

    [Fact]
    public async Task Apply_PrimaryHeardPastTheHoldoff_HandedBackAndTheRefusedRangeComesBackThroughTheGap()
    {
        await _central.ApplyAsync(Periodic(1, 1, Rec("a", 1)));
        _central.Time.Advance(Timeout + TimeSpan.FromSeconds(1));
        await _central.Sweeper.SweepOnceAsync();
        await _central.ApplyAsync(Periodic(2, 2, Rec("a", 2)));
        _central.Time.Advance(TimeSpan.FromSeconds(30));

        var outcome = await _central.ApplyAsync(Periodic(3, 3, Rec("b", 3)));

        var lease = await LeaseAsync();
        Assert.Equal((Server, 3L, LeasePhase.Primary, 1L), (lease!.HolderId, lease.Token, lease.Phase, lease.Handbacks));
        Assert.Equal((FenceRefusal.None, 2L), (outcome.Fenced, outcome.ResyncFromSeq));
        Assert.Equal(1, (await _central.Servers.GetAsync(Server))!.Watermark); // seq 2 was refused: the gap asks for it again
    }

    [Fact]
    public async Task Sweep_PrimaryDiesAgainWhileHandingBack_PeerKeepsTheLease()
    {
        await _central.ApplyAsync(Periodic(1, 1, Rec("a", 1)));
        _central.Time.Advance(Timeout + TimeSpan.FromSeconds(1));
        await _central.Sweeper.SweepOnceAsync();
        await _central.ApplyAsync(Heartbeat(1));
        _central.Time.Advance(Timeout + TimeSpan.FromSeconds(1));

        await _central.Sweeper.SweepOnceAsync();

        var lease = await LeaseAsync();
        Assert.Equal((Peer, 2L, LeasePhase.TakenOver, 1L), (lease!.HolderId, lease.Token, lease.Phase, lease.Takeovers));
    }

    [Fact]
    public async Task PeerReportedLoss_CentralStillHearsThePrimary_NoTakeover()
    {
        await _central.ApplyAsync(Periodic(1, 1, Rec("a", 1)));
        _central.Time.Advance(TimeSpan.FromSeconds(5));

        var result = await Keeper.PeerReportedLossAsync(Tenant, Server, (await _central.Servers.GetAsync(Server))!.LastBatchAt, CancellationToken.None);

        Assert.Equal(LeaseChange.None, result!.Value.Change);
        Assert.Equal(Server, (await LeaseAsync())!.HolderId);
    }

    [Fact]
    public async Task Apply_StaleFencingTokenAfterHandback_RefusedAndCounted()
    {
        using var refused = new MetricCollector<long>(_central.Get<IMeterFactory>(), CentralMetrics.MeterName, "cloudstatus.central.ownership.refused");
        await _central.ApplyAsync(Periodic(1, 1, Rec("a", 1)) with { Fence = 1 });
        _central.Time.Advance(Timeout + TimeSpan.FromSeconds(1));
        await _central.Sweeper.SweepOnceAsync();
        await _central.ApplyAsync(Heartbeat(1));
        _central.Time.Advance(TimeSpan.FromSeconds(30));
        await _central.ApplyAsync(Heartbeat(1)); // handed back: token 3

        var stale = await _central.ApplyAsync(Periodic(2, 2, Rec("a", 2)) with { Fence = 1 });
        var current = await _central.ApplyAsync(Periodic(2, 2, Rec("a", 2)) with { Fence = 3 });

        Assert.Equal((FenceRefusal.StaleToken, FenceRefusal.None, 1), (stale.Fenced, current.Fenced, current.Applied));
        Assert.Contains(refused.GetMeasurementSnapshot(), m => (string?)m.Tags["cloudstatus.reason"] == "StaleToken");
    }

    [Fact]
    public async Task Apply_ServerWithoutAPeer_NeverFenced()
    {
        var outcome = await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("x", 1, server: "srv-09")], server: "srv-09"));

        Assert.Equal((FenceRefusal.None, 1), (outcome.Fenced, outcome.Applied));
    }

    [Fact]
    public async Task BuildTenant_ProducerSeenByBothServersOfThePair_CountedOnceUnderTheHolder()
    {
        // Both servers of the duplexed pair see the shared producer; the peer also has one of its own.
        await _central.ApplyAsync(Periodic(1, 2, Rec("shared", 1), Rec("a", 2)));
        await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 2, [Rec("shared", 1, Core.Model.Health.Offline), Rec("b", 2, server: Peer)], server: Peer));

        var view = await _central.Views.BuildTenantAsync(Tenant);

        Assert.Equal((3L, 0L), (view.Tenant.Online, view.Tenant.Offline)); // the primary holds: its "online" is the one counted
    }
}
