using System.Net;
using System.Text.Json;
using CloudStatus.Dev.Tests.Hub;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CloudStatus.Dev.Tests.Dashboard;

/// <summary>
/// Issue 13 in headless Chromium against the running dev stack: a switch plugged in with the MAC of another shows up
/// as an open conflict that waits for an operator (a MAC cannot be readdressed, docs/adr/0150), its producer carries
/// the conflict flag in the producer list, and the operator records what was done; the conflict then shows resolved.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardConflictsTests
{
    private const string Newcomer = "srv-01.sw-slot-2";

    [Fact]
    public async Task ConflictsView_DuplicateMac_ListedAsManual_OperatorResolvesIt()
    {
        await using var session = await DashboardSession.StartAsync(o => o with { Servers = 1, ChangeRate = 0, Period = TimeSpan.FromMilliseconds(500) });
        var stack = session.Stack;
        await Eventually.TrueAsync(async () => await stack.ProducerAsync("srv-01.sw-01") is { } p && p.TryGetProperty("mac", out var mac) && mac.ValueKind == JsonValueKind.String, "srv-01.sw-01 reported its MAC");
        var held = (await stack.ProducerAsync("srv-01.sw-01"))!.Value.GetProperty("mac").GetString()!;
        using (var plugged = await stack.PostAsync($"/dev/sim/producers/{Newcomer}/plug", $$"""{"kind":"switch","parentId":"srv-01","mac":"{{held}}","ip":"10.1.250.251"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, plugged.StatusCode);
        }

        await session.OpenWithTokenLinkAsync();
        var page = session.Page;
        var entry = page.Locator("#conflicts > li.conflict-open");
        await Expect(entry).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await Expect(entry).ToContainTextAsync($"MAC {held}");
        await Expect(entry).ToContainTextAsync(Newcomer);
        await Expect(entry.Locator("[data-part=handling]")).ToContainTextAsync("manual — a MAC address belongs to the device's hardware and cannot be readdressed");

        // The producer list filters on the flag and marks it.
        await page.Locator("#pf-server").SelectOptionAsync("srv-01");
        await page.Locator("#pf-conflict").SelectOptionAsync("true");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        var rows = page.Locator("#pf-rows tr");
        await Expect(rows).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(rows.First).ToHaveAttributeAsync("data-producer", Newcomer);
        await Expect(rows.First).ToContainTextAsync("conflict");

        // Resolve: Cancel keeps it open; a resolution closes it.
        await entry.GetByRole(AriaRole.Button, new() { Name = $"Resolve the conflict of {Newcomer}" }).ClickAsync();
        await entry.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await entry.GetByRole(AriaRole.Button, new() { Name = $"Resolve the conflict of {Newcomer}" }).ClickAsync();
        await entry.GetByLabel("What was done").FillAsync("unplugged the clone, MAC fixed by hand");
        await session.ScreenshotAsync("dashboard-conflicts");
        await AssertNoSeriousViolationsAsync(page);
        await entry.GetByRole(AriaRole.Button, new() { Name = "Record resolution" }).ClickAsync();

        await Expect(page.Locator("#conflicts > li")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await Expect(page.Locator("#conflicts-status")).ToContainTextAsync("resolved");
        await page.GetByLabel("Show resolved").CheckAsync();
        var resolved = page.Locator("#conflicts > li.conflict-resolved");
        await Expect(resolved).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(resolved).ToContainTextAsync("unplugged the clone, MAC fixed by hand");
        Assert.False((await stack.ProducerAsync(Newcomer))!.Value.GetProperty("conflict").GetBoolean());
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
