using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CloudStatus.Dev.Tests.Dashboard;

/// <summary>
/// Issue 11 in headless Chromium against the running dev stack (<c>--pairs</c>): the failover pairs view lists each
/// primary with its peer and owner; killing srv-01 shows srv-02 owning its producers, with the takeover's token and signal.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardPairsTests
{
    [Fact]
    public async Task PairsView_KillPrimary_ShowsThePeerOwningWithTokenAndSignal()
    {
        await using var session = await DashboardSession.StartAsync(o => o with
        {
            Period = TimeSpan.FromMilliseconds(300),
            HeartbeatTimeout = TimeSpan.FromSeconds(2),
            ChangeRate = 0,
            Pairs = true,
            SipPhones = false,
        });
        await session.OpenWithTokenLinkAsync();
        var page = session.Page;
        var table = page.GetByRole(AriaRole.Table, new() { Name = "Failover pairs and who owns each primary's producers" });
        var first = table.Locator("tr[data-pair=\"srv-01\"]");
        await Expect(first).ToHaveAttributeAsync("data-owner", "srv-01", new() { Timeout = 30_000 });
        await Expect(table.Locator("tr[data-pair=\"srv-02\"]")).ToHaveAttributeAsync("data-owner", "srv-02");
        await Expect(first.Locator("td").Nth(1)).ToHaveTextAsync("srv-02");

        using (var stopped = await session.Stack.PostAsync("/dev/sim/servers/srv-01/stop"))
        {
            Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        }

        await Expect(first).ToHaveAttributeAsync("data-owner", "srv-02", new() { Timeout = 30_000 });
        await Expect(first).ToContainTextAsync("TakenOver");
        await Expect(first.Locator("td").Nth(4)).ToHaveTextAsync("2");
        await Expect(first.Locator("td").Nth(5)).ToHaveTextAsync("heartbeat-sweep");
        await table.ScrollIntoViewIfNeededAsync();
        await session.ScreenshotAsync("dashboard-pairs");
        Assert.Empty(session.Errors);
    }
}
