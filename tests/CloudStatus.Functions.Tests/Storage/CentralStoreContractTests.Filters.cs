using CloudStatus.Core.Central;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Storage;

namespace CloudStatus.Functions.Tests.Storage;

/// <summary>The filtered listings every adapter must answer in its query: producers of one server and servers of one tenant.</summary>
public abstract partial class CentralStoreContractTests
{
    public static TheoryData<string> ProducerFilters => [.. FilterCases.Keys];

    private static readonly Dictionary<string, ProducerFilter> FilterCases = new(StringComparer.Ordinal)
    {
        ["none"] = ProducerFilter.None,
        ["kind"] = new() { Kind = ProducerKind.Switch },
        ["parent"] = new() { ParentId = "srv-1.sw0" },
        ["health"] = new() { Health = Health.Offline },
        ["stale"] = new() { Stale = true },
        ["notStale"] = new() { Stale = false },
        ["flapping"] = new() { Flapping = true },
        ["deleted"] = new() { Deleted = true },
        ["live"] = new() { Deleted = false },
        ["combined"] = new() { Kind = ProducerKind.Port, Health = Health.Offline, Deleted = false },
        ["tenant"] = new() { Tenants = ["t2"] },
        ["tenants"] = new() { Tenants = ["t1", "t2"] },
        ["tenantAndHealth"] = new() { Tenants = ["t2"], Health = Health.Offline },
        ["nothing"] = new() { Kind = "no-such-kind" },
    };

    [Theory]
    [MemberData(nameof(ProducerFilters))]
    public async Task ProducerStore_PageWithFilter_WalksExactlyTheMatchesInIdOrder(string name)
    {
        var filter = FilterCases[name];
        var all = FilterFleet("srv-1");
        await Stores.Producers.UpsertManyAsync("srv-1", all);
        await Stores.Producers.UpsertManyAsync("srv-2", FilterFleet("srv-2"));

        var seen = new List<ProducerState>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await Stores.Producers.PageAsync("srv-1", filter, 3, continuation);
            Assert.True(page.Items.Count <= 3);
            Assert.True(page.Continuation is null || page.Items.Count == 3, "only the last page may be short");
            seen.AddRange(page.Items);
            continuation = page.Continuation;
            pages++;
        }
        while (continuation is not null && pages < 100);

        var expected = all.Where(filter.Matches).Select(p => p.ProducerId).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, seen.Select(p => p.ProducerId));
        Assert.All(seen, p => Assert.Equal("srv-1", p.ServerId));
        Assert.Equal(name == "nothing", expected.Count == 0);
    }

    [Fact]
    public async Task ServerStore_ListByTenantWithFilter_MatchesSiteAndOnlineInTheTenantOnly()
    {
        await Stores.Servers.UpsertAsync(Server("srv-a", "t1") with { SiteId = "north", Online = true });
        await Stores.Servers.UpsertAsync(Server("srv-b", "t1") with { SiteId = "north", Online = false });
        await Stores.Servers.UpsertAsync(Server("srv-c", "t1") with { SiteId = "south", Online = true });
        await Stores.Servers.UpsertAsync(Server("srv-d", "t2") with { SiteId = "north", Online = true });

        Assert.Equal(["srv-a", "srv-b"], (await Stores.Servers.ListByTenantAsync("t1", new ServerFilter { SiteId = "north" })).Select(s => s.ServerId));
        Assert.Equal(["srv-a", "srv-c"], (await Stores.Servers.ListByTenantAsync("t1", new ServerFilter { Online = true })).Select(s => s.ServerId));
        Assert.Equal(["srv-b"], (await Stores.Servers.ListByTenantAsync("t1", new ServerFilter { Online = false })).Select(s => s.ServerId));
        Assert.Equal(["srv-a"], (await Stores.Servers.ListByTenantAsync("t1", new ServerFilter { SiteId = "north", Online = true })).Select(s => s.ServerId));
        Assert.Equal(["srv-a", "srv-b", "srv-c"], (await Stores.Servers.ListByTenantAsync("t1", ServerFilter.None)).Select(s => s.ServerId));
        Assert.Empty(await Stores.Servers.ListByTenantAsync("t1", new ServerFilter { SiteId = "west" }));
    }

    /// <summary>
    /// Two switches with ports and a fan each, across every health, with some stale, flapping, silent and deleted, and
    /// ids inserted out of order, so each filter has matches and non-matches on several pages.
    /// </summary>
    private static List<ProducerState> FilterFleet(string server)
    {
        var result = new List<ProducerState>();
        for (var s = 1; s >= 0; s--)
        {
            var sw = $"{server}.sw{s}";
            result.Add(Producer(server, sw, 10 + s) with { Kind = ProducerKind.Switch, ParentId = server, Health = (Health)(s + 1), Flapping = s == 1 });
            result.Add(Producer(server, sw + ".fan", 20 + s) with { Kind = ProducerKind.Fan, ParentId = sw, Health = Health.Unknown, Stale = true });
            for (var p = 4; p >= 0; p--)
            {
                result.Add(Producer(server, $"{sw}.p{p}", 30 + (s * 10) + p) with
                {
                    Kind = ProducerKind.Port,
                    ParentId = sw,
                    Health = (Health)((p + s) % 4),
                    Stale = p % 3 == 0,
                    Flapping = p == 2,
                    Silent = p == 1,
                    Deleted = p == 4 && s == 0,
                });
            }
        }

        // Some ports belong to another tenant (a supervised process of a tenant group on a shared server, ADR 0101).
        return [.. result.Select(p => p with { TenantId = p.ProducerId.EndsWith(".p3", StringComparison.Ordinal) || p.ProducerId.EndsWith(".p0", StringComparison.Ordinal) ? "t2" : "t1" })];
    }
}
