using CloudStatus.Core.Model;
using CloudStatus.Core.Rollups;

namespace CloudStatus.Core.Tests.Rollups;

public class RollupBuilderTests
{
    private static ServerSummary Server(
        string tenant, string site, string server, bool online = true,
        long on = 0, long degraded = 0, long off = 0, long unknown = 0, long stale = 0) =>
        new(tenant, site, server, online, on, degraded, off, unknown, stale);

    [Theory]
    [InlineData(0, 0, 0, 0, 0, Health.Unknown)]
    [InlineData(2, 0, 0, 0, 0, Health.Offline)]
    [InlineData(2, 0, 5, 5, 5, Health.Offline)]
    [InlineData(2, 1, 0, 0, 0, Health.Degraded)]
    [InlineData(2, 2, 1, 0, 0, Health.Degraded)]
    [InlineData(2, 2, 0, 1, 0, Health.Degraded)]
    [InlineData(2, 2, 0, 0, 1, Health.Degraded)]
    [InlineData(2, 2, 0, 0, 0, Health.Online)]
    public void Overall_Rule(int servers, int serversOnline, long degraded, long offline, long stale, Health expected)
    {
        Assert.Equal(expected, RollupBuilder.Overall(servers, serversOnline, degraded, offline, stale));
    }

    [Fact]
    public void BuildSites_Empty_NoSites()
    {
        Assert.Empty(RollupBuilder.BuildSites([]));
    }

    [Fact]
    public void BuildSites_SiteSpanningServers_SumsCounts()
    {
        var sites = RollupBuilder.BuildSites(
        [
            Server("t1", "s1", "srv-1", on: 10, degraded: 1, unknown: 2),
            Server("t1", "s1", "srv-2", online: false, on: 3, off: 4, stale: 7),
        ]);

        var site = Assert.Single(sites);
        Assert.Equal(new SiteRollup("t1", "s1", 2, 1, 13, 1, 4, 2, 7, Health.Degraded), site);
    }

    [Fact]
    public void BuildSites_AllServersOnlineAndHealthy_Online()
    {
        var site = Assert.Single(RollupBuilder.BuildSites([Server("t", "s", "a", on: 5, unknown: 3), Server("t", "s", "b", on: 1)]));

        Assert.Equal(Health.Online, site.Overall);
    }

    [Fact]
    public void BuildSites_EveryServerOffline_Offline()
    {
        var site = Assert.Single(RollupBuilder.BuildSites([Server("t", "s", "a", online: false, on: 5), Server("t", "s", "b", online: false)]));

        Assert.Equal(Health.Offline, site.Overall);
        Assert.Equal(0, site.ServersOnline);
    }

    [Fact]
    public void BuildSites_SameSiteIdInTwoTenants_AreDifferentSites_OrderedByTenantThenSite()
    {
        var sites = RollupBuilder.BuildSites(
        [
            Server("t2", "s1", "x"),
            Server("t1", "s2", "y"),
            Server("t1", "s1", "z"),
            Server("T0", "s9", "w"),
        ]);

        Assert.Equal([("T0", "s9"), ("t1", "s1"), ("t1", "s2"), ("t2", "s1")], sites.Select(s => (s.TenantId, s.SiteId)));
        Assert.All(sites, s => Assert.Equal(1, s.Servers));
    }

    [Fact]
    public void BuildTenants_SumsSitesAndAppliesRule()
    {
        var sites = RollupBuilder.BuildSites(
        [
            Server("t1", "s1", "a", on: 4),
            Server("t1", "s2", "b", online: false, off: 2),
            Server("t1", "s2", "c", on: 1, stale: 1),
            Server("t2", "s1", "d", on: 9),
        ]);

        var tenants = RollupBuilder.BuildTenants(sites);

        Assert.Equal(
        [
            new TenantRollup("t1", 2, 3, 2, 5, 0, 2, 0, 1, Health.Degraded),
            new TenantRollup("t2", 1, 1, 1, 9, 0, 0, 0, 0, Health.Online),
        ], tenants);
    }

    [Fact]
    public void BuildTenants_EveryServerOfEverySiteOffline_Offline()
    {
        var tenants = RollupBuilder.BuildTenants(RollupBuilder.BuildSites(
        [
            Server("t", "s1", "a", online: false),
            Server("t", "s2", "b", online: false),
        ]));

        Assert.Equal(Health.Offline, Assert.Single(tenants).Overall);
    }

    [Fact]
    public void BuildTenants_SiteWithoutServers_CountsSiteOnly()
    {
        var tenants = RollupBuilder.BuildTenants([new SiteRollup("t", "s", 0, 0, 0, 0, 0, 0, 0, Health.Unknown)]);

        var tenant = Assert.Single(tenants);
        Assert.Equal(1, tenant.Sites);
        Assert.Equal(Health.Unknown, tenant.Overall);
    }

    [Fact]
    public void BuildTenants_RecomputesOverallFromSums_NotFromSiteOveralls()
    {
        // Each site is online on its own; the tenant is too — but a tenant-level offline server must still degrade it.
        var tenants = RollupBuilder.BuildTenants(
        [
            new SiteRollup("t", "s1", 1, 1, 1, 0, 0, 0, 0, Health.Online),
            new SiteRollup("t", "s2", 1, 0, 0, 0, 0, 0, 0, Health.Offline),
        ]);

        Assert.Equal(Health.Degraded, Assert.Single(tenants).Overall);
    }
}
