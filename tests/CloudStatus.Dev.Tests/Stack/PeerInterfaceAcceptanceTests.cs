using System.Net;
using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Edge.Peers;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>
/// The peer interfaces of a duplexed pair on the running dev stack (<c>--pairs</c>, ADRs 145–147), found as an operator
/// finds them: the LAN address from the server's registration in the API, the site key from its secret file.
/// </summary>
public sealed class PeerInterfaceAcceptanceTests
{
    [Fact]
    public async Task PeerInterface_NoCredentialsRefused_CentralsNeighboursAdmitOnlyThePeer()
    {
        await using var stack = await StackHarness.StartAsync(o => o with { Period = TimeSpan.FromMilliseconds(300), ChangeRate = 0, Pairs = true, SipPhones = false });
        var lan = await LanAddressAsync(stack, "srv-01");
        using var http = new HttpClient();

        using var anonymous = await http.GetAsync(new Uri($"http://{lan}/peer/v1/hello"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var options = new PeerLinkOptions { KeyFile = Path.Combine(stack.DataDirectory, "peers", "site-01.key") };
        PeerClient As(string server) => new(http, server, new PeerKeys(options), options, TimeProvider.System, new PeerMetrics(server), NullLogger.Instance);
        string? strangerAbsence = null;
        await Eventually.TrueAsync(
            async () => (strangerAbsence = (await As("srv-99").HelloAsync("srv-01", lan)).Absence) == "status-403",
            "central told srv-01 its neighbours, so a key holder central did not name is forbidden");
        var peer = await As("srv-02").HelloAsync("srv-01", lan);
        Assert.Equal(("srv-01", "site-01"), (peer.Value!.ServerId, peer.Value.SiteId));
    }

    [Fact]
    public async Task KillPrimary_PeerLinkNoticesFirst_TakeoverSaysPeerLink()
    {
        await using var stack = await StackHarness.StartAsync(
            o => o with { Period = TimeSpan.FromMilliseconds(300), HeartbeatTimeout = TimeSpan.FromSeconds(60), ChangeRate = 0, Pairs = true, SipPhones = false },
            settings: new Dictionary<string, string> { ["CloudStatus:Central:Leases:PeerSuspectAfter"] = "00:00:01" });
        await LanAddressAsync(stack, "srv-02");
        await Eventually.TrueAsync(async () => (await stack.ServerAsync("srv-01"))?.Failover?.Holder == "srv-01", "srv-01 registered its peer");

        using (var stopped = await stack.PostAsync("/dev/sim/servers/srv-01/stop"))
        {
            Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        }

        // Far inside the 60 s heartbeat timeout: only the peer link can have fired.
        await Eventually.TrueAsync(
            async () => (await stack.ServerAsync("srv-01"))!.Failover is { Holder: "srv-02", Signal: "peer-link", Token: 2 },
            "srv-02 took over on the peer-link signal",
            TimeSpan.FromSeconds(20));
    }

    private static async Task<string> LanAddressAsync(StackHarness stack, string serverId)
    {
        string? lan = null;
        await Eventually.TrueAsync(
            async () =>
            {
                lan = (await stack.ServerAsync(serverId))?.Registration?.LanAddress; // null until central heard it register
                return lan is not null;
            },
            $"{serverId} registered its LAN address");
        return lan!;
    }
}
