using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CloudStatus.Dev.Tests.Dashboard;

/// <summary>
/// Issue 12 in headless Chromium against the running dev stack: srv-01 supervises three real Node.js processes; the
/// server's details list them in start order with group, phase, restarts and last exit, and the operator stops (after a
/// confirmation), starts and restarts one from there.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardProcessesTests
{
    private const string Pbx = "srv-01.process.pbx";

    [Fact]
    public async Task ServerDetails_ShowTheSupervisedProcessesInOrder_AndStopStartRestartDriveThem()
    {
        await using var session = await DashboardSession.StartAsync(o => o with
        {
            Servers = 1,
            ChangeRate = 0,
            Period = TimeSpan.FromSeconds(1),
            SupervisedServers = 1,
        });
        await session.OpenWithTokenLinkAsync();
        var page = session.Page;
        await session.OpenAsync("srv:srv-01");

        var table = page.GetByRole(AriaRole.Table, new() { Name = "Supervised processes in start order" });
        var rows = table.Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        Assert.Equal(
            ["srv-01.process.db", Pbx, "srv-01.process.acd"],
            await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.process)"));
        await Expect(table.Locator("td.phase-running")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        var pbx = table.Locator($"tr[data-process=\"{Pbx}\"]");
        await Expect(pbx).ToContainTextAsync("core (contoso)");
        await Expect(table.Locator("tr[data-process=\"srv-01.process.acd\"]")).ToContainTextAsync("guest (fabrikam)");

        // Stop asks first; Cancel sends nothing.
        await pbx.GetByRole(AriaRole.Button, new() { Name = "Stop pbx", Exact = true }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = $"Stop {Pbx}?" });
        await Expect(confirm).ToBeVisibleAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.Locator("#commands > li")).ToHaveCountAsync(0);

        await pbx.GetByRole(AriaRole.Button, new() { Name = "Stop pbx", Exact = true }).ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Confirm stop" }).ClickAsync();
        await Expect(Command(page, "stop")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 30_000 });
        await Expect(pbx.Locator("td.phase")).ToHaveTextAsync("held", new() { Timeout = 30_000 });
        await Expect(pbx).ToContainTextAsync("stopped: stop command");
        await session.ScreenshotAsync("dashboard-processes");
        await AssertNoSeriousViolationsAsync(page);

        await pbx.GetByRole(AriaRole.Button, new() { Name = "Start pbx", Exact = true }).ClickAsync();
        await Expect(Command(page, "start")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 30_000 });
        await Expect(pbx.Locator("td.phase")).ToHaveTextAsync("running", new() { Timeout = 30_000 });

        await pbx.GetByRole(AriaRole.Button, new() { Name = "Restart pbx" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog, new() { Name = $"Restart {Pbx}?" }).GetByRole(AriaRole.Button, new() { Name = "Confirm restart" }).ClickAsync();
        await Expect(Command(page, "reboot")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 30_000 });
        await Expect(pbx.Locator("td.phase")).ToHaveTextAsync("running", new() { Timeout = 30_000 });
        await Expect(pbx.Locator("td").Nth(5)).ToHaveTextAsync("2", new() { Timeout = 30_000 }); // restarts: the start, then the restart
        Assert.Empty(session.Errors);
    }

    private static ILocator Command(IPage page, string action) =>
        page.Locator($"#commands > li[data-producer=\"{Pbx}\"][data-action=\"{action}\"]");

    private static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(serious.Count == 0, string.Join(Environment.NewLine, serious));
    }
}
