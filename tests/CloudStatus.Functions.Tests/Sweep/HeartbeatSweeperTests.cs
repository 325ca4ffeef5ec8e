using CloudStatus.Core.Central;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Tests.Support;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Sweep;

public sealed class HeartbeatSweeperTests : IAsyncLifetime
{
    private readonly CentralHarness _central = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task SweepOnce_WithinTimeout_LeavesServerOnline()
    {
        await _central.ApplyAsync(Periodic(1, 1, Rec("a", 1)));
        _central.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(0, await _central.Sweeper.SweepOnceAsync());
        Assert.True((await _central.Servers.GetAsync(Server))!.Online);
    }

    [Fact]
    public async Task SweepOnce_ServerSilentPastTimeout_GoesOfflineAndEveryLiveProducerIsStale()
    {
        await _central.ApplyAsync(Periodic(1, 3, Rec("a", 1), Rec("b", 2), Rec("c", 3, deleted: true)));
        _central.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));

        Assert.Equal(1, await _central.Sweeper.SweepOnceAsync());
        Assert.Equal(0, await _central.Sweeper.SweepOnceAsync()); // already offline: no second event

        var server = await _central.Servers.GetAsync(Server);
        Assert.Equal((false, 2L), (server!.Online, server.StaleCount));
        var producers = (await _central.Producers.ListAsync(Server)).ToDictionary(p => p.ProducerId);
        Assert.True(producers["srv-01.a"].Stale && producers["srv-01.b"].Stale);
        Assert.False(producers["srv-01.c"].Stale);
        Assert.Single(await _central.AllEventsAsync(), e => e.Type == StatusEventTypes.ServerOffline);
    }

    [Fact]
    public async Task Apply_AfterOffline_BringsServerBackAndClearsStale()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2)));
        _central.Time.Advance(TimeSpan.FromMinutes(3));
        await _central.Sweeper.SweepOnceAsync();

        await _central.ApplyAsync(Heartbeat(2, Digest(Rec("a", 1), Rec("b", 2))));

        var server = await _central.Servers.GetAsync(Server);
        Assert.Equal((true, 0L), (server!.Online, server.StaleCount));
        Assert.All(await _central.Producers.ListAsync(Server), p => Assert.False(p.Stale));
        Assert.Single(await _central.AllEventsAsync(), e => e.Type == StatusEventTypes.ServerOnline);
        Assert.Equal(2, (await _central.Producers.ListAsync(Server)).Count(p => p.Seq > 0)); // no state lost
    }

    [Fact]
    public async Task SilentProducer_IsDistinctFromStale()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2, Health.Offline) with { Silent = true }));

        var b = await _central.Producers.GetAsync(Server, "srv-01.b");
        Assert.Equal((true, false), (b!.Silent, b.Stale));

        _central.Time.Advance(TimeSpan.FromMinutes(5));
        await _central.Sweeper.SweepOnceAsync();

        b = await _central.Producers.GetAsync(Server, "srv-01.b");
        var a = await _central.Producers.GetAsync(Server, "srv-01.a");
        Assert.Equal((true, true), (b!.Silent, b.Stale));
        Assert.Equal((false, true), (a!.Silent, a.Stale));
    }

    [Fact]
    public async Task SweepOnce_TombstonesOlderThanRetention_ArePurged()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2, deleted: true)));
        _central.Time.Advance(TimeSpan.FromMinutes(30));
        await _central.ApplyAsync(Periodic(3, 3, Rec("c", 3, deleted: true)));
        _central.Time.Advance(TimeSpan.FromMinutes(31));

        await _central.Sweeper.SweepOnceAsync();

        Assert.Equal(["srv-01.a", "srv-01.c"], (await _central.Producers.ListAsync(Server)).Select(p => p.ProducerId));
    }
}
