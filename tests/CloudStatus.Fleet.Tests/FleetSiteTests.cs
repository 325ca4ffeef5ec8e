using System.Text.Json;
using CloudStatus.Fleet.Equipment;
using CloudStatus.Fleet.Tests.Support;

namespace CloudStatus.Fleet.Tests;

/// <summary>A site of several servers: each switch checks the site's switches on every server, and a link between two breaks by hand.</summary>
public sealed class FleetSiteTests
{
    private static readonly FleetSpec Spec = new()
    {
        Servers = 3,
        SwitchesPerServer = 2,
        DevicesPerSwitch = 1,
        ChangeRate = 0,
        RebootsPerSwitchHour = 0,
        DarkPerSwitchHour = 0,
        ReportConnectivity = true,
        ReportInterval = TimeSpan.FromHours(1),
        RebootDuration = TimeSpan.FromSeconds(1),
    };

    private readonly FleetModel _model = new(Spec, new RecordingOutput(), i => $"srv-{i + 1:00}", i => i < 2 ? "site-01" : "site-02");

    [Fact]
    public void DescribeSwitch_PeersAreTheSitesSwitchesOnEveryServer()
    {
        var view = _model.Servers[0].DescribeSwitch("srv-01.sw-01")!;

        Assert.Equal(["srv-01.sw-02", "srv-02.sw-01", "srv-02.sw-02"], view.Peers.Order(StringComparer.Ordinal));
        Assert.Equal(view.Peers.Order(StringComparer.Ordinal), view.Reachable.Order(StringComparer.Ordinal));
        Assert.Equal(["srv-03.sw-02"], _model.Servers[2].DescribeSwitch("srv-03.sw-01")!.Peers);
    }

    [Fact]
    public void SetLink_AcrossServers_BothEndsLoseEachOtherUntilMended()
    {
        Assert.True(_model.SetLink("srv-01.sw-01", "srv-02.sw-02", broken: true));

        Assert.DoesNotContain("srv-02.sw-02", _model.Servers[0].DescribeSwitch("srv-01.sw-01")!.Reachable);
        Assert.DoesNotContain("srv-01.sw-01", _model.Servers[1].DescribeSwitch("srv-02.sw-02")!.Reachable);
        Assert.Contains("srv-02.sw-02", _model.Servers[0].DescribeSwitch("srv-01.sw-01")!.Peers);
        Assert.Contains("srv-02.sw-02", _model.Servers[0].DescribeSwitch("srv-01.sw-02")!.Reachable);

        Assert.True(_model.SetLink("srv-02.sw-02", "srv-01.sw-01", broken: false));
        Assert.Contains("srv-02.sw-02", _model.Servers[0].DescribeSwitch("srv-01.sw-01")!.Reachable);
    }

    [Theory]
    [InlineData("srv-01.sw-01", "srv-03.sw-01")]
    [InlineData("srv-01.sw-01", "srv-01.sw-01")]
    [InlineData("srv-01.sw-01", "srv-02.sw-09")]
    [InlineData("srv-01.sw-01", "srv-01.sw-01.dev-001")]
    [InlineData("srv-09.sw-01", "srv-01.sw-01")]
    public void SetLink_NotTwoLiveSwitchesOfOneSite_Refused(string a, string b) =>
        Assert.False(_model.SetLink(a, b, broken: true));

    [Fact]
    public async Task ManagementApi_Connectivity_ListsPeersAndTheBrokenLinkAsUnreached()
    {
        await using var host = await SwitchManagementHost.StartAsync(_model.Servers[0]);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        _model.SetLink("srv-01.sw-01", "srv-02.sw-01", broken: true);

        using var doc = JsonDocument.Parse(await client.GetStringAsync(new Uri(host.Urls["srv-01.sw-01"], "connectivity")));

        Assert.Equal(["srv-01.sw-02", "srv-02.sw-02"], doc.RootElement.GetProperty("reachable").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["srv-01.sw-02", "srv-02.sw-01", "srv-02.sw-02"], doc.RootElement.GetProperty("peers").EnumerateArray().Select(e => e.GetString()));
    }
}
