using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Views;

public sealed class ViewBuilderTests : IAsyncLifetime
{
    private readonly CentralHarness _central = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task BuildTenant_RollsServersUpBySite()
    {
        await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 2, [Rec("a", 1), Rec("b", 2, Health.Degraded)]));
        await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("a", 1, server: "srv-02")], server: "srv-02"));
        await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("a", 1, Health.Offline, server: "srv-03")], server: "srv-03", site: "site-2"));
        await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("a", 1, server: "srv-09")], server: "srv-09", tenant: "tenant-b"));

        var view = await _central.Views.BuildTenantAsync(Tenant);

        Assert.Equal(["site-1", "site-2"], view.Sites.Select(s => s.SiteId));
        var site1 = view.Sites[0];
        Assert.Equal((2, 2, 2L, 1L, Health.Degraded), (site1.Servers, site1.ServersOnline, site1.Online, site1.Degraded, site1.Overall));
        Assert.Equal((3, 3, 2L, 1L, 1L), (view.Tenant.Servers, view.Tenant.ServersOnline, view.Tenant.Online, view.Tenant.Degraded, view.Tenant.Offline));
        Assert.Equal(view.BuiltAt, (await _central.Get<IViewStore>().GetTenantViewAsync(Tenant))!.BuiltAt);
    }

    [Fact]
    public async Task BuildTenant_OfflineServer_CountsItsProducersStale()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("a", 1), Rec("b", 2)));
        _central.Time.Advance(TimeSpan.FromMinutes(3));
        await _central.Sweeper.SweepOnceAsync();

        var view = await _central.Views.BuildTenantAsync(Tenant);

        var site = Assert.Single(view.Sites);
        Assert.Equal((0, 2L, Health.Offline), (site.ServersOnline, site.Stale, site.Overall));
    }

    [Fact]
    public async Task BuildTenant_ConnectivityMatrixPerServerFromLatestEntries()
    {
        var switches = new[] { Rec("sw1", 1, kind: ProducerKind.Switch), Rec("sw2", 2, kind: ProducerKind.Switch), Rec("sw3", 3, kind: ProducerKind.Switch) };
        await _central.ApplyAsync(Periodic(1, 3, switches) with
        {
            Connectivity =
            [
                new ConnectivityEntry { SwitchId = "srv-01.sw1", Mode = ConnectivityMode.Disconnected, Switches = ["srv-01.sw3"] },
                new ConnectivityEntry { SwitchId = "srv-01.sw2", Mode = ConnectivityMode.Connected, Switches = ["srv-01.sw1"] },
            ],
        });
        await _central.ApplyAsync(Heartbeat(3) with
        {
            Connectivity = [new ConnectivityEntry { SwitchId = "srv-01.sw1", Mode = ConnectivityMode.Disconnected, Switches = [] }],
        });

        var view = await _central.Views.BuildTenantAsync(Tenant);

        var matrix = Assert.Single(view.Connectivity);
        Assert.Equal(["srv-01.sw1", "srv-01.sw2", "srv-01.sw3"], matrix.Switches);
        Assert.Equal(["-11", "1-0", "??-"], matrix.Rows);
        Assert.Equal((3, 1), (matrix.ReachablePairs, matrix.UnreachablePairs));
    }

    [Fact]
    public async Task BuildTenant_SiteMatrixPairsSwitchesAcrossServers()
    {
        await _central.ApplyAsync(Periodic(1, 2, Rec("sw1", 1, kind: ProducerKind.Switch), Rec("sw2", 2, kind: ProducerKind.Switch)) with
        {
            Connectivity =
            [
                new ConnectivityEntry { SwitchId = "srv-01.sw1", Mode = ConnectivityMode.Disconnected, Switches = ["srv-02.sw1"] },
                new ConnectivityEntry { SwitchId = "srv-01.sw2", Mode = ConnectivityMode.Disconnected, Switches = [] },
            ],
        });
        await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("sw1", 1, kind: ProducerKind.Switch, server: "srv-02")], server: "srv-02") with
        {
            Connectivity = [new ConnectivityEntry { SwitchId = "srv-02.sw1", Mode = ConnectivityMode.Disconnected, Switches = ["srv-01.sw1", "srv-03.sw1"] }],
        });
        await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("sw1", 1, kind: ProducerKind.Switch, server: "srv-03")], server: "srv-03", site: "site-2"));

        var view = await _central.Views.BuildTenantAsync(Tenant);

        Assert.Equal(["site-1", "site-2"], view.SiteConnectivity.Select(s => s.SiteId));
        var site = view.SiteConnectivity[0];
        Assert.Equal(["srv-01", "srv-02"], site.Servers);
        Assert.Equal(["srv-01.sw1", "srv-01.sw2", "srv-02.sw1"], site.Switches);
        Assert.Equal(["srv-01", "srv-01", "srv-02"], site.SwitchServers);
        Assert.Equal(["-10", "1-1", "01-"], site.Rows);
        Assert.Equal((4, 2), (site.ReachablePairs, site.UnreachablePairs));
        Assert.Equal(["srv-01.sw1", "srv-01.sw2"], view.Connectivity.Single(c => c.ServerId == "srv-01").Switches);
        Assert.Equal(["-1", "1-"], view.Connectivity.Single(c => c.ServerId == "srv-01").Rows);
        Assert.Equal(["-"], view.SiteConnectivity[1].Rows);
    }

    [Fact]
    public async Task BuildAll_BuildsEveryTenant()
    {
        await _central.ApplyAsync(Periodic(1, 1, Rec("a", 1)));
        await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("a", 1, server: "srv-09")], server: "srv-09", tenant: "tenant-b"));

        Assert.Equal(2, await _central.Views.BuildAllAsync());
        Assert.NotNull(await _central.Get<IViewStore>().GetTenantViewAsync("tenant-b"));
    }
}
