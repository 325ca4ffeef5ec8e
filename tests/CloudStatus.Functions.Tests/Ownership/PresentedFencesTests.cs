using System.Diagnostics.Metrics;
using System.Text.Json;
using CloudStatus.Core.Commands;
using CloudStatus.Core.Ownership;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Ownership;

/// <summary>
/// The edge's side of fencing (docs/adr/0148) on the central app over SQLite with a fake clock: central tells each
/// server the leases it holds (the <c>neighbours</c> direct method; the hub is the hand-written fake that records calls,
/// no IoT Hub runs here) and refuses a batch that presents a token that is not its lease's current one.
/// </summary>
public sealed class PresentedFencesTests : IAsyncLifetime
{
    private const string Peer = "srv-02";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly CentralHarness _central = new(new Dictionary<string, string?>
    {
        ["CloudStatus:Central:Leases:HandbackHoldoff"] = "00:00:30",
    });

    private DispatchDrainService _drain = null!;

    public async Task InitializeAsync()
    {
        _drain = ActivatorUtilities.CreateInstance<DispatchDrainService>(_central.Services);
        await _central.ApplyAsync(Periodic(1, 1, Rec("a", 1)) with { Registration = Registration(Peer, "10.0.0.11:5680") });
        await _central.ApplyAsync(PeerBatch(1, null) with { Registration = Registration(Server, "10.0.0.12:5680") });
    }

    public async Task DisposeAsync()
    {
        _drain.Dispose();
        await _central.DisposeAsync();
    }

    private static ServerRegistration Registration(string peer, string lan) =>
        new() { SoftwareVersion = "2.0.0", Subtrees = [], FailoverPeer = peer, LanAddress = lan };

    private static StatusBatch PeerBatch(long seq, IReadOnlyDictionary<string, long>? fences) =>
        Batch(BatchKind.Periodic, seq, seq, [Rec("b", seq, server: Peer)], server: Peer) with { Fences = fences };

    private async Task TakeOverAsync()
    {
        _central.Time.Advance(Timeout + TimeSpan.FromSeconds(1));
        await _central.ApplyAsync(PeerBatch(2, null)); // the peer stays heard
        await _central.Sweeper.SweepOnceAsync();
    }

    private async Task HandBackAsync()
    {
        await _central.ApplyAsync(Heartbeat(1));
        _central.Time.Advance(TimeSpan.FromSeconds(30));
        await _central.ApplyAsync(Heartbeat(1));
    }

    private async Task<Dictionary<string, NeighboursRequest>> ToldAsync()
    {
        await _drain.DrainOnceAsync(CancellationToken.None);
        return _central.Methods.Calls.Where(c => c.MethodName == DirectMethodNames.Neighbours)
            .GroupBy(c => c.DeviceId)
            .ToDictionary(g => g.Key, g => JsonSerializer.Deserialize(g.Last().PayloadJson, NeighboursJsonContext.Default.NeighboursRequest)!);
    }

    [Fact]
    public async Task Announce_Paired_EachToldItHoldsItsOwnLeaseWithToken1()
    {
        var told = await ToldAsync();

        Assert.Equal([KeyValuePair.Create(Server, 1L)], told[Server].Fences!);
        Assert.Equal([KeyValuePair.Create(Peer, 1L)], told[Peer].Fences!);
    }

    [Fact]
    public async Task Takeover_PeerToldItHoldsThePrimarysLeaseUnderToken2()
    {
        await ToldAsync();

        await TakeOverAsync();
        var told = await ToldAsync();

        Assert.Equal(new Dictionary<string, long> { [Peer] = 1, [Server] = 2 }, told[Peer].Fences!.ToDictionary());
    }

    [Fact]
    public async Task Handback_PeerToldItNoLongerHoldsThePrimarysLease()
    {
        await TakeOverAsync();
        await ToldAsync();

        await HandBackAsync();
        var told = await ToldAsync();

        Assert.Equal([KeyValuePair.Create(Peer, 1L)], told[Peer].Fences!);
        Assert.Equal([KeyValuePair.Create(Server, 3L)], told[Server].Fences!);
    }

    [Fact]
    public async Task Apply_PeerPresentsItsCurrentTakeoverToken_Applied()
    {
        await TakeOverAsync();

        var outcome = await _central.ApplyAsync(PeerBatch(3, new Dictionary<string, long> { [Peer] = 1, [Server] = 2 }));

        Assert.Equal((FenceRefusal.None, 1), (outcome.Fenced, outcome.Applied));
    }

    [Fact]
    public async Task Apply_PeerPresentsStaleTokenAfterHandback_RefusedWholeAndCountedOnMetricAndServerRow()
    {
        using var refused = new MetricCollector<long>(_central.Get<IMeterFactory>(), CentralMetrics.MeterName, "cloudstatus.central.ownership.refused");
        await TakeOverAsync();
        await HandBackAsync();
        var before = (await _central.Servers.GetAsync(Peer))!;

        var stale = await _central.ApplyAsync(PeerBatch(3, new Dictionary<string, long> { [Peer] = 1, [Server] = 2 }));

        Assert.Equal((FenceRefusal.StaleToken, 0), (stale.Fenced, stale.Applied));
        var after = (await _central.Servers.GetAsync(Peer))!;
        Assert.Equal((before.FencedBatches + 1, before.Watermark), (after.FencedBatches, after.Watermark)); // nothing applied
        Assert.Contains(refused.GetMeasurementSnapshot(), m => (string?)m.Tags["cloudstatus.reason"] == "StaleToken");
        Assert.Equal(1, (await _central.ApplyAsync(PeerBatch(3, new Dictionary<string, long> { [Peer] = 1 }))).Applied);
    }

    [Fact]
    public async Task Apply_PrimaryPresentsStaleOwnTokenInFences_Refused()
    {
        await TakeOverAsync();
        await HandBackAsync();

        var stale = await _central.ApplyAsync(Periodic(2, 2, Rec("a", 2)) with { Fences = new Dictionary<string, long> { [Server] = 1 } });
        var current = await _central.ApplyAsync(Periodic(2, 2, Rec("a", 2)) with { Fences = new Dictionary<string, long> { [Server] = 3 } });

        Assert.Equal((FenceRefusal.StaleToken, FenceRefusal.None), (stale.Fenced, current.Fenced));
    }

    [Fact]
    public async Task Apply_FenceForAServerWithoutALease_RefusedAsStranger()
    {
        var outcome = await _central.ApplyAsync(PeerBatch(2, new Dictionary<string, long> { ["srv-09"] = 1 }));

        Assert.Equal((FenceRefusal.Stranger, 1L), (outcome.Fenced, (await _central.Servers.GetAsync(Peer))!.FencedBatches));
    }

    [Fact]
    public async Task Apply_StaleTokenAfterMissingTheHandbackCall_ToldItsLeasesAgainThenAdmitted()
    {
        await TakeOverAsync();
        await ToldAsync();
        var answer = _central.Methods.Responder;
        _central.Methods.Responder = c => c.DeviceId == Peer ? new DirectMethodOutcome(DirectMethodStatus.DeviceOffline, null, null, "offline") : answer(c);
        await HandBackAsync();
        await ToldAsync(); // the call telling the peer it no longer holds the primary's lease does not reach it
        _central.Methods.Responder = answer;

        var stale = await _central.ApplyAsync(PeerBatch(3, new Dictionary<string, long> { [Peer] = 1, [Server] = 2 }));
        var told = await ToldAsync();

        Assert.Equal(FenceRefusal.StaleToken, stale.Fenced);
        Assert.Equal([KeyValuePair.Create(Peer, 1L)], told[Peer].Fences!);
        Assert.Equal(1, (await _central.ApplyAsync(PeerBatch(3, told[Peer].Fences))).Applied);
    }

    [Fact]
    public async Task Apply_StaleTokensInARow_ToldAgainAtMostOncePerRetellInterval()
    {
        await TakeOverAsync();
        await HandBackAsync();
        await ToldAsync();
        int Calls() => _central.Methods.Calls.Count(c => c.MethodName == DirectMethodNames.Neighbours && c.DeviceId == Peer);
        var before = Calls();
        var stale = new Dictionary<string, long> { [Peer] = 1, [Server] = 2 };

        await _central.ApplyAsync(PeerBatch(3, stale));
        await _central.ApplyAsync(PeerBatch(3, stale));
        await ToldAsync();
        var once = Calls();
        _central.Time.Advance(TimeSpan.FromSeconds(10));
        await _central.ApplyAsync(PeerBatch(3, stale));
        await ToldAsync();

        Assert.Equal((before + 1, before + 2), (once, Calls()));
        Assert.Equal(3, (await _central.Servers.GetAsync(Peer))!.FencedBatches);
    }

    [Fact]
    public async Task Apply_RefusedWithoutPresentingAToken_NotToldAgain()
    {
        await TakeOverAsync();
        await ToldAsync();
        var before = _central.Methods.Calls.Count;

        var refused = await _central.ApplyAsync(Heartbeat(1)); // the returned primary presents nothing: it only does not hold
        await ToldAsync();

        Assert.Equal(FenceRefusal.NotHolder, refused.Fenced);
        Assert.Equal(before, _central.Methods.Calls.Count);
    }

    [Fact]
    public async Task Apply_PeerLossOnTheBatch_ShownOnTheServerRowUntilABatchWithout()
    {
        var since = _central.Time.GetUtcNow();

        await _central.ApplyAsync(PeerBatch(2, null) with { PeerLoss = new PeerLinkLoss { ServerId = Server, LostSince = since } });
        var claimed = (await _central.Servers.GetAsync(Peer))!.PeerLoss;
        await _central.ApplyAsync(PeerBatch(3, null));

        Assert.Equal((Server, since), (claimed!.ServerId, claimed.LostSince));
        Assert.Null((await _central.Servers.GetAsync(Peer))!.PeerLoss);
        var lease = await _central.Get<ILeaseStore>().GetAsync(Tenant, Server);
        Assert.Equal((Server, 1L), (lease!.HolderId, lease.Token)); // a claim, not believed: central heard the primary
    }
}
