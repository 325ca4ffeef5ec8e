using System.Net;
using System.Text.RegularExpressions;
using CloudStatus.Dev.Tests.Hub;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CloudStatus.Dev.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium against the running dev stack (central, dev hub, simulated servers over real
/// MQTT): what a user sees and clicks. Real time: waits are Playwright's bounded auto-waits, which outlast the page's
/// 5 s poll. Each test has its own stack and browser profile.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests
{
    [Fact]
    public async Task TokenLink_OnDevStack_ShowsServersAndDrillsDownToSwitchesAndDevices()
    {
        await using var session = await DashboardSession.StartAsync(o => o with { ChangeRate = 0 });
        await session.OpenWithTokenLinkAsync();
        var page = session.Page;

        await Expect(session.TreeItem("srv:srv-01")).ToBeVisibleAsync();
        await Expect(session.TreeItem("srv:srv-02")).ToBeVisibleAsync();
        await Expect(session.TreeItem("srv:srv-01")).ToHaveAccessibleNameAsync(new Regex("^online srv-01 server 16 ok$"));
        Assert.Equal(string.Empty, await page.EvaluateAsync<string>("() => location.hash"));

        await session.OpenAsync("srv:srv-01");
        await Expect(session.TreeItem("p:srv-01.sw-01")).ToBeVisibleAsync();
        await Expect(session.TreeItem("p:srv-01.sw-02")).ToBeVisibleAsync();
        await Expect(session.TreeItem("p:srv-01.sw-01.dev-001")).ToHaveCountAsync(0);

        await session.OpenAsync("p:srv-01.sw-01");
        await Expect(session.TreeItem("p:srv-01.sw-01.dev-001")).ToBeVisibleAsync();
        await Expect(session.TreeItem("p:srv-01.sw-01.dev-003")).ToBeVisibleAsync();
        await Expect(page.Locator("#details")).ToContainTextAsync("srv-01.sw-01");
        await Expect(page.Locator("#events > li").First).ToBeVisibleAsync();

        // The next polls re-render in place: what the user opened stays open.
        await Expect(page.Locator("#updated")).Not.ToHaveTextAsync(await page.Locator("#updated").TextContentAsync() ?? string.Empty, new() { Timeout = 15_000 });
        await Expect(session.TreeItem("srv:srv-01")).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(session.TreeItem("p:srv-01.sw-01")).ToHaveAttributeAsync("aria-expanded", "true");

        await session.ScreenshotAsync("dashboard");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task RebootButton_OnSwitch_ShowsProgressUntilSucceededAndTheRebootEvent()
    {
        await using var session = await DashboardSession.StartAsync(o => o with { Period = TimeSpan.FromSeconds(30), ChangeRate = 0 });
        await session.OpenWithTokenLinkAsync();
        var page = session.Page;
        await session.OpenAsync("srv:srv-01");
        await session.TreeItem("p:srv-01.sw-02").Locator(":scope > .row").ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Reboot…", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Reboot srv-01.sw-02?" });
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm reboot" }).ClickAsync();

        var command = page.Locator("#commands > li[data-producer=\"srv-01.sw-02\"][data-action=\"reboot\"]");
        await Expect(command).ToBeVisibleAsync();
        await Expect(command).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 30_000 });
        await Expect(command.Locator(".command-status")).ToHaveTextAsync("succeeded");
        await Expect(command.Locator(".step-done")).ToHaveCountAsync(2);
        await Expect(command).ToContainTextAsync("cmd-");
        await Expect(command.Locator(".audit dd").First).ToHaveTextAsync("dev-token");
        await Expect(session.TreeItem("p:srv-01.sw-02")).ToHaveAccessibleNameAsync(new Regex("reboot: succeeded$"));

        // The switch's reboot comes up from the edge and shows in the timeline without a reload.
        await Expect(page.Locator("#events > li.type-reboot", new() { HasText = "srv-01.sw-02" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await session.ScreenshotAsync("dashboard-reboot");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task DeleteButton_OnDevice_AsksToConfirmThenTheDeviceIsFlaggedOrGone()
    {
        await using var session = await DashboardSession.StartAsync(o => o with { ChangeRate = 0 });
        await session.OpenWithTokenLinkAsync();
        var page = session.Page;
        await session.OpenAsync("srv:srv-02");
        await session.OpenAsync("p:srv-02.sw-01");
        await session.TreeItem("p:srv-02.sw-01.dev-002").Locator(":scope > .row").ClickAsync();

        // Cancel first (Escape, the focused Cancel button): nothing is sent, focus returns to the button.
        var deleteButton = page.GetByRole(AriaRole.Button, new() { Name = "Delete…" });
        await deleteButton.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Delete srv-02.sw-01.dev-002?" });
        await Expect(dialog).ToContainTextAsync("srv-02.sw-01.dev-002 and everything under it are removed");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(deleteButton).ToBeFocusedAsync();
        await Expect(page.Locator("#commands > li")).ToHaveCountAsync(0);

        await deleteButton.ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm delete" }).ClickAsync();

        var command = page.Locator("#commands > li[data-producer=\"srv-02.sw-01.dev-002\"][data-action=\"delete\"]");
        await Expect(command).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-key=\"p:srv-02.sw-01.dev-002\"]:not(:has-text(\"deleted\"))")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(session.TreeItem("p:srv-02.sw-01.dev-001")).ToBeVisibleAsync();
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task ConnectivityMatrix_SiteOfTwoServers_DrawsCrossServerPairsAndABrokenLink()
    {
        await using var session = await DashboardSession.StartAsync(
            o => o with { Switches = 3, Devices = 1, ChangeRate = 0, Period = TimeSpan.FromMilliseconds(500), HeartbeatTimeout = TimeSpan.FromSeconds(10) });

        // Switches (and their connectivity) arrive at their first HTTP poll, a moment after the rest: both servers' must
        // have reported before the page can draw the site's six switches.
        await Eventually.TrueAsync(
            async () => await session.Stack.KnowsProducerAsync("srv-01.sw-03") && await session.Stack.KnowsProducerAsync("srv-02.sw-03"),
            "both servers' switches reported");
        await session.OpenWithTokenLinkAsync();
        var page = session.Page;
        var canvas = page.Locator("#matrix");

        await Expect(canvas).ToHaveAttributeAsync(
            "aria-label", new Regex(@"site site-01 \(srv-01, srv-02\): 6 switches, 30 reachable pairs, 0 unreachable pairs"), new() { Timeout = 30_000 });
        await Expect(page.Locator("#matrix-scope optgroup[label=Sites] option")).ToHaveCountAsync(1);
        await Expect(page.Locator("#matrix-scope optgroup[label=Servers] option")).ToHaveCountAsync(2);

        // The picture itself: 6×6 cells, the 30 off-diagonal ones in the reachable colour, the diagonal in grey.
        var colours = await ColoursAsync(page);
        Assert.True(colours[0] > 0 && colours[0] == colours[1], $"square canvas, got {colours[0]}×{colours[1]}");
        Assert.True(colours[2] > colours[3] * 4, $"thirty reachable cells outweigh six diagonal ones ({colours[2]} vs {colours[3]} px)");
        Assert.Equal(0, colours[4]);

        using (var broken = await session.Stack.PostAsync("/dev/sim/links", """{"a":"srv-01.sw-03","b":"srv-02.sw-01"}"""))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, broken.StatusCode);
        }

        await Expect(canvas).ToHaveAttributeAsync("aria-label", new Regex("6 switches, 28 reachable pairs, 2 unreachable pairs"), new() { Timeout = 30_000 });
        await Expect(page.Locator("#matrix-pair-list li")).ToHaveTextAsync(["srv-01.sw-03 → srv-02.sw-01", "srv-02.sw-01 → srv-01.sw-03"]);
        Assert.True((await ColoursAsync(page))[4] > 0, "the two unreachable cells are drawn in red");
        await page.Locator("#matrix-pairs summary").ClickAsync();
        await session.ScreenshotAsync("dashboard-site-matrix");

        await page.SelectOptionAsync("#matrix-scope", "srv:srv-02");
        await Expect(canvas).ToHaveAttributeAsync("data-scope", "srv:srv-02");
        await Expect(canvas).ToHaveAttributeAsync("aria-label", new Regex("srv-02: 3 switches, 6 reachable pairs"));
        Assert.Empty(session.Errors);
    }

    /// <summary>The canvas's width and height, and its pixels in the reachable, diagonal and unreachable colours.</summary>
    private static Task<int[]> ColoursAsync(IPage page) => page.EvaluateAsync<int[]>(
        """
        () => {
          const c = document.getElementById('matrix');
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let green = 0, grey = 0, red = 0;
          for (let i = 0; i < d.length; i += 4) {
            if (d[i] === 0x1a && d[i + 1] === 0x7f && d[i + 2] === 0x37) green++;
            if (d[i] === 0x57 && d[i + 1] === 0x60 && d[i + 2] === 0x6a) grey++;
            if (d[i] === 0xcf && d[i + 1] === 0x22 && d[i + 2] === 0x2e) red++;
          }
          return [c.width, c.height, green, grey, red];
        }
        """);

    [Fact]
    public async Task StoppedServer_WithoutReload_IsMarkedOfflineAndItsProducersStale()
    {
        await using var session = await DashboardSession.StartAsync(o => o with { Period = TimeSpan.FromMilliseconds(500), HeartbeatTimeout = TimeSpan.FromSeconds(2), ChangeRate = 0 });
        await session.OpenWithTokenLinkAsync();
        var page = session.Page;
        await session.OpenAsync("srv:srv-02");
        await Expect(session.TreeItem("p:srv-02.sw-01")).ToBeVisibleAsync();

        using (var stopped = await session.Stack.PostAsync("/dev/sim/servers/srv-02/stop"))
        {
            Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        }

        var server = session.TreeItem("srv:srv-02");
        await Expect(server).ToHaveAccessibleNameAsync(new Regex("^offline srv-02 server OFFLINE · last heard"), new() { Timeout = 30_000 });
        await Expect(server.Locator(":scope > .row .badge-offline")).ToContainTextAsync("OFFLINE");
        await Expect(session.TreeItem("p:srv-02.sw-01").Locator(":scope > .row .badge-stale")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(session.TreeItem("srv:srv-01")).ToHaveAccessibleNameAsync(new Regex("^online srv-01 server"));
        await Expect(page.Locator("#summary")).ToContainTextAsync("1/2 servers online");
        await session.ScreenshotAsync("dashboard-offline");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task NoToken_ThenWrongToken_AsksAgainAndTheRightTokenSignsIn()
    {
        await using var session = await DashboardSession.StartAsync();
        var page = session.Page;
        await page.GotoAsync(session.BaseUrl + "/");

        var input = page.GetByLabel("Bearer token");
        await Expect(input).ToBeVisibleAsync();
        await Expect(page.Locator("#main")).ToBeHiddenAsync();

        await input.FillAsync("not-the-token-0123456789");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use token" }).ClickAsync();
        await Expect(page.Locator("#token-message")).ToContainTextAsync("refused");
        await Expect(input).ToBeFocusedAsync();

        await input.FillAsync(Stack.StackHarness.Token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use token" }).ClickAsync();
        await Expect(session.TreeItem("srv:srv-01")).ToBeVisibleAsync();
        Assert.Equal(Stack.StackHarness.Token, await page.EvaluateAsync<string>("() => sessionStorage.getItem('cloudstatus.token')"));

        // The refused token's 401 is the only error the browser reported.
        Assert.All(session.Errors, e => Assert.Contains("401", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task IdFilter_ForADevice_LoadsAndOpensTheWayToIt()
    {
        await using var session = await DashboardSession.StartAsync();
        await session.OpenWithTokenLinkAsync();
        var page = session.Page;
        await Expect(session.TreeItem("srv:srv-02")).ToBeVisibleAsync();

        await page.Locator(".hierarchy-panel").GetByLabel("Id", new() { Exact = true }).FillAsync("srv-02.sw-02.dev-003");

        await Expect(session.TreeItem("p:srv-02.sw-02.dev-003")).ToBeVisibleAsync();
        await Expect(session.TreeItem("srv:srv-01")).ToHaveCountAsync(0);
        await Expect(session.TreeItem("p:srv-02.sw-01")).ToHaveCountAsync(0);
        await Expect(page.Locator("[role=treeitem][data-key^=\"p:\"]")).ToHaveCountAsync(2);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task HealthFilter_Offline_ShowsOnlyThePathToTheDeviceThatWentOffline()
    {
        // A device's health change travels with the periodic write: a 1 s period keeps it well inside the wait below
        // (with the 30 s default the change could arrive after it).
        await using var session = await DashboardSession.StartAsync(o => o with { ChangeRate = 0, Period = TimeSpan.FromSeconds(1) });
        await session.OpenWithTokenLinkAsync();
        var page = session.Page;
        await session.OpenAsync("srv:srv-01");
        await Expect(session.TreeItem("p:srv-01.sw-02")).ToBeVisibleAsync();

        using (var changed = await session.Stack.PostAsync("/dev/sim/producers/srv-01.sw-02.dev-002", """{"health":"offline"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        await Expect(session.TreeItem("srv:srv-01")).ToHaveAccessibleNameAsync(new Regex("1 offline$"), new() { Timeout = 30_000 });
        await page.Locator(".hierarchy-panel").GetByLabel("Health", new() { Exact = true }).SelectOptionAsync("offline");

        await Expect(session.TreeItem("p:srv-01.sw-02.dev-002")).ToHaveAccessibleNameAsync(new Regex("^offline srv-01.sw-02.dev-002 device"));
        await Expect(session.TreeItem("p:srv-01.sw-02")).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(page.Locator("[role=treeitem]")).ToHaveCountAsync(4);
        await Expect(session.TreeItem("srv:srv-02")).ToHaveCountAsync(0);

        await page.Locator(".hierarchy-panel").GetByLabel("Health", new() { Exact = true }).SelectOptionAsync(string.Empty);
        await Expect(session.TreeItem("srv:srv-02")).ToBeVisibleAsync();
        await Expect(session.TreeItem("p:srv-01.sw-02.dev-002")).ToHaveCountAsync(0);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Tree_WithKeyboard_MovesOpensAndSelects()
    {
        await using var session = await DashboardSession.StartAsync();
        await session.OpenWithTokenLinkAsync();
        var page = session.Page;
        await Expect(session.TreeItem("srv:srv-01")).ToBeVisibleAsync();

        await session.TreeItem("site:contoso/site-01").FocusAsync();
        await Expect(session.TreeItem("site:contoso/site-01")).ToHaveAttributeAsync("tabindex", "0");
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(session.TreeItem("srv:srv-01")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(session.TreeItem("srv:srv-01")).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(session.TreeItem("p:srv-01.sw-01")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(session.TreeItem("p:srv-01.sw-01")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(session.TreeItem("p:srv-01.sw-01")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Reboot…", Exact = true })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(session.TreeItem("srv:srv-01")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(session.TreeItem("srv:srv-01")).ToHaveAttributeAsync("aria-expanded", "false");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task OpenedDashboard_Axe_HasNoSeriousOrCriticalViolations()
    {
        await using var session = await DashboardSession.StartAsync();
        await session.OpenWithTokenLinkAsync();
        await session.OpenAsync("srv:srv-01");
        await session.OpenAsync("p:srv-01.sw-01");
        await Expect(session.Page.Locator("#matrix[data-scope]")).ToBeVisibleAsync();

        var result = await session.Page.RunAxe();

        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious));
        Assert.Empty(session.Errors);
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    /// <summary>Browser tests run one at a time: each starts a whole stack and a Chromium on a small machine.</summary>
    public const string Name = "Browser";
}
