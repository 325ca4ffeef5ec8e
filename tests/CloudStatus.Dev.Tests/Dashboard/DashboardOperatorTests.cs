using System.Net;
using Deque.AxeCore.Playwright;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CloudStatus.Dev.Tests.Dashboard;

/// <summary>
/// The operator's day in headless Chromium against the running dev stack: add with a configuration and resync from
/// the dashboard, the API's producer and server filters, the CSV exports as downloads, and the history views (the
/// central log over a range, paged both ways; the live history from the servers with one of them stopped).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardOperatorTests
{
    [Fact]
    public async Task AddUnderSwitch_WithConfiguration_WaitsForTheDeviceWhichThenShowsItsConfiguration_ThenResyncOfTheServer()
    {
        await using var session = await DashboardSession.StartAsync(o => o with { ChangeRate = 0, Period = TimeSpan.FromSeconds(1) });
        await session.OpenWithTokenLinkAsync();
        var page = session.Page;
        await session.OpenAsync("srv:srv-01");
        await session.OpenAsync("p:srv-01.sw-01");

        var addUnder = page.GetByRole(AriaRole.Button, new() { Name = "Add under…" });
        await addUnder.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add a producer" });
        await Expect(dialog.GetByLabel("Producer id")).ToBeFocusedAsync();
        await Expect(dialog.GetByLabel("Parent id")).ToHaveValueAsync("srv-01.sw-01");
        await Expect(dialog.GetByLabel("Server")).ToHaveValueAsync("srv-01");
        await dialog.GetByLabel("Producer id").FillAsync("srv-01.sw-01.dev-900");
        await dialog.GetByLabel("Kind").FillAsync("device");

        // A configuration that is not a JSON object is refused in the form: nothing is sent.
        await dialog.GetByLabel("Configuration (JSON object)").FillAsync("{\"vlan\": ");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("not JSON");
        await Expect(dialog.GetByLabel("Configuration (JSON object)")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#commands > li")).ToHaveCountAsync(0);

        await dialog.GetByLabel("Configuration (JSON object)").FillAsync("""{"extension":"4900","vlan":12}""");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        var add = page.Locator("#commands > li[data-producer=\"srv-01.sw-01.dev-900\"][data-action=\"add\"]");
        // The edge took it and waits for the device (ADR 141): the command shows it waits for the equipment.
        await Expect(add).ToHaveAttributeAsync("data-status", "waiting", new() { Timeout = 30_000 });
        await Expect(add).ToContainTextAsync("waiting for the equipment");
        await Expect(add.Locator(".audit dd").First).ToHaveTextAsync("dev-token");
        await Expect(add.Locator(".audit")).ToContainTextAsync("srv-01");
        await Expect(add.Locator(".audit")).ToContainTextAsync("when it shows up");

        // The edge holds the configuration until the equipment shows up: a technician plugs it in.
        using (var plugged = await session.Stack.PostAsync("/dev/sim/producers/srv-01.sw-01.dev-900/plug", """{"kind":"device","parentId":"srv-01.sw-01"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, plugged.StatusCode);
        }

        var device = session.TreeItem("p:srv-01.sw-01.dev-900");
        await Expect(device).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await device.Locator(":scope > .row").ClickAsync();
        await Expect(page.Locator("#details pre[aria-label=Configuration]")).ToContainTextAsync("\"extension\": \"4900\"", new() { Timeout = 30_000 });
        await session.ScreenshotAsync("dashboard-add");

        // Resync is not destructive: it goes at once, and its audit record shows the edge's answer.
        await session.TreeItem("srv:srv-01").Locator(":scope > .row").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Resync" }).ClickAsync();
        var resync = page.Locator("#commands > li[data-producer=\"srv-01\"][data-action=\"resync\"]");
        await Expect(resync).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 30_000 });
        await Expect(resync.Locator(".audit")).ToContainTextAsync("Completed at");
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task Filters_AskTheApi_AndExportDownloadsTheFilteredProducersAsCsv()
    {
        await using var session = await DashboardSession.StartAsync(o => o with { ChangeRate = 0 });
        await session.OpenWithTokenLinkAsync();
        var page = session.Page;
        await Expect(session.TreeItem("srv:srv-02")).ToBeVisibleAsync();

        var form = page.Locator("#producer-filters");
        await form.GetByLabel("Server").SelectOptionAsync("srv-02");
        await form.GetByLabel("Kind").FillAsync("device");
        await form.GetByLabel("Parent").FillAsync("srv-02.sw-02");
        await form.GetByLabel("Health").SelectOptionAsync("online");
        await form.GetByLabel("Deleted").SelectOptionAsync("false");
        var request = await page.RunAndWaitForRequestAsync(
            () => form.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync(),
            r => r.Url.Contains("/api/v1/servers/srv-02/producers?", StringComparison.Ordinal));
        Assert.Contains("kind=device", request.Url, StringComparison.Ordinal);
        Assert.Contains("parentId=srv-02.sw-02", request.Url, StringComparison.Ordinal);
        Assert.Contains("health=online", request.Url, StringComparison.Ordinal);
        Assert.Contains("deleted=false", request.Url, StringComparison.Ordinal);

        var rows = page.Locator("#pf-rows > tr");
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(page.Locator("#pf-rows > tr[data-producer=\"srv-02.sw-02.dev-001\"]")).ToBeVisibleAsync();
        await Expect(page.Locator("#pf-status")).ToHaveTextAsync("3 producers of srv-02.");

        var download = await page.RunAndWaitForDownloadAsync(() => form.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());
        Assert.Matches(new Regex("^producers-srv-02-.*\\.csv$"), download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".csv");
        await download.SaveAsAsync(file);
        var lines = (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).ToList();
        File.Delete(file);
        Assert.StartsWith("producerId,", lines[0], StringComparison.Ordinal);
        Assert.Equal(["srv-02.sw-02.dev-001", "srv-02.sw-02.dev-002", "srv-02.sw-02.dev-003"], lines.Skip(1).Select(l => l.Split(',')[0]));
        await session.ScreenshotAsync("dashboard-filters");

        // The server filters go to GET /servers: no server is offline, then all come back.
        var servers = await page.RunAndWaitForRequestAsync(
            () => page.GetByLabel("Connection").SelectOptionAsync("false"),
            r => r.Url.Contains("/api/v1/servers?online=false", StringComparison.Ordinal));
        Assert.NotNull(servers);
        await Expect(page.Locator("[role=treeitem][data-key^=\"srv:\"]")).ToHaveCountAsync(0);
        await page.GetByLabel("Connection").SelectOptionAsync("true");
        await Expect(session.TreeItem("srv:srv-01")).ToBeVisibleAsync();
        await page.GetByLabel("Tenant").SelectOptionAsync("contoso");
        await Expect(session.TreeItem("srv:srv-02")).ToBeVisibleAsync();
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task History_CentralRangePagesBothWaysAndExports_LiveViewNamesTheStoppedServerUnavailable()
    {
        await using var session = await DashboardSession.StartAsync(o => o with { ChangeRate = 0, Period = TimeSpan.FromMilliseconds(500), HeartbeatTimeout = TimeSpan.FromSeconds(2) });
        await session.OpenWithTokenLinkAsync();
        var page = session.Page;
        await Expect(session.TreeItem("srv:srv-02")).ToBeVisibleAsync();
        var form = page.Locator("#history-form");
        var list = page.Locator("#h-list > li");

        // Central log: the "add" events of every producer the two servers reported, 5 a page, newest first; next, then back.
        await form.GetByLabel("Type").FillAsync("add");
        await form.GetByLabel("Per page").SelectOptionAsync("5");
        await form.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(list).ToHaveCountAsync(5);
        await Expect(page.Locator("#h-list > li.type-add")).ToHaveCountAsync(5);
        var first = await list.First.GetAttributeAsync("data-event-id");
        await Expect(page.Locator("#h-status")).ToContainTextAsync($"5 events (central log, newest first): {first} …");
        var previous = page.GetByRole(AriaRole.Button, new() { Name = "Previous page" });
        var next = page.GetByRole(AriaRole.Button, new() { Name = "Next page" });
        await Expect(previous).ToBeHiddenAsync();
        await next.ClickAsync();
        await Expect(list.First).Not.ToHaveAttributeAsync("data-event-id", first!);
        await Expect(previous).ToBeVisibleAsync();
        await previous.ClickAsync();
        await Expect(list.First).ToHaveAttributeAsync("data-event-id", first!);

        var download = await page.RunAndWaitForDownloadAsync(() => form.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());
        Assert.Matches(new Regex("^events-.*\\.csv$"), download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".csv");
        await download.SaveAsAsync(file);
        var lines = (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).ToList();
        File.Delete(file);
        Assert.StartsWith("eventId,", lines[0], StringComparison.Ordinal);
        Assert.True(lines.Count - 1 >= 10, $"10 add events or more, got {lines.Count - 1}");
        Assert.All(lines.Skip(1), l => Assert.Contains(",add,", l, StringComparison.Ordinal));

        // Live from the servers, with srv-02 stopped: srv-01 answers, srv-02 is named unavailable with its reason.
        using (var stopped = await session.Stack.PostAsync("/dev/sim/servers/srv-02/stop"))
        {
            Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        }

        await Expect(session.TreeItem("srv:srv-02")).ToHaveAccessibleNameAsync(new Regex("^offline srv-02"), new() { Timeout = 30_000 });
        await form.GetByLabel("Live from the servers").CheckAsync();
        await Expect(form.GetByRole(AriaRole.Button, new() { Name = "Export CSV" })).ToBeHiddenAsync();
        await form.GetByLabel("Type").FillAsync("appeared");
        await form.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.Locator("#h-members")).ToContainTextAsync("Answered (1): srv-01", new() { Timeout = 30_000 });
        await Expect(page.Locator("#h-members li[data-server=\"srv-02\"]")).ToHaveAttributeAsync("data-reason", new Regex("^(offline|timeout|error)$"));
        await Expect(list).ToHaveCountAsync(5);
        await Expect(page.Locator("#h-list > li[data-server=\"srv-01\"].type-appeared")).ToHaveCountAsync(5);
        var liveFirst = await list.First.GetAttributeAsync("data-event-id");
        await Expect(page.Locator("#h-status")).ToContainTextAsync("page 1.");
        await next.ClickAsync();
        await Expect(page.Locator("#h-status")).ToContainTextAsync("page 2.");
        await Expect(list.First).Not.ToHaveAttributeAsync("data-event-id", liveFirst!);
        await session.ScreenshotAsync("dashboard-history-live");
        await previous.ClickAsync();
        await Expect(list.First).ToHaveAttributeAsync("data-event-id", liveFirst!);
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task OperatorViews_WithKeyboardOnly_OpenAndCloseTheDialogs_AndAxeFindsNoSeriousViolations()
    {
        await using var session = await DashboardSession.StartAsync(o => o with { ChangeRate = 0 });
        await session.OpenWithTokenLinkAsync();
        var page = session.Page;
        await session.OpenAsync("srv:srv-01");
        await session.OpenAsync("p:srv-01.sw-01");

        // The add form by keyboard: Enter opens it on the producer id, Tab walks its labelled fields, Escape closes
        // it and gives focus back to the button.
        var addOpen = page.Locator("#add-open");
        await addOpen.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var add = page.GetByRole(AriaRole.Dialog, new() { Name = "Add a producer" });
        await Expect(add.GetByLabel("Producer id")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(add.GetByLabel("Kind")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(add.GetByLabel("Parent id")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(add.GetByLabel("Configuration (JSON object)")).ToBeFocusedAsync();
        await AssertNoSeriousViolationsAsync(page);
        await page.Keyboard.PressAsync("Escape");
        await Expect(add).ToBeHiddenAsync();
        await Expect(addOpen).ToBeFocusedAsync();

        // The confirmation by keyboard: focus starts on Cancel; Enter on it sends nothing.
        var reboot = page.GetByRole(AriaRole.Button, new() { Name = "Reboot…", Exact = true });
        await reboot.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Reboot srv-01.sw-01?" });
        await Expect(confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await AssertNoSeriousViolationsAsync(page);
        await page.Keyboard.PressAsync("Enter");
        await Expect(confirm).ToBeHiddenAsync();
        await Expect(reboot).ToBeFocusedAsync();
        await Expect(page.Locator("#commands > li")).ToHaveCountAsync(0);

        // The filled views: a filtered producer table and a page of history.
        await page.Locator("#producer-filters").GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("#pf-rows > tr").First).ToBeVisibleAsync();
        await page.Locator("#history-form").GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.Locator("#h-list > li").First).ToBeVisibleAsync();
        await AssertNoSeriousViolationsAsync(page);
        await session.ScreenshotAsync("dashboard-operator");
        Assert.Empty(session.Errors);
    }

    private static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious));
    }
}
