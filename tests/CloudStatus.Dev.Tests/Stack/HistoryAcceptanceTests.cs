using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using CloudStatus.Core.History;
using CloudStatus.Core.Model;
using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Functions.Api;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>
/// S3 on the running stack: <c>GET /api/v1/history</c> asks the real edge nodes over the dev hub's direct methods and
/// coalesces their full-fidelity local histories. Real time; waits are bounded polls.
/// </summary>
public sealed class HistoryAcceptanceTests
{
    // A fan: the element manager pushes each of its changes to the module's push endpoint (ADR 140), so quick raw
    // transitions travel as they are (a phone speaks SIP, whose qualify turns silence into offline only after three
    // missed answers, ADR 88).
    private const string Flapper = "srv-01.sw-01.fan";

    [Fact]
    public async Task History_OverThreeServersWithOneDown_OneCoalescedOrderedSetWithIdsAndTheDownServerReported()
    {
        await using var stack = await StackHarness.StartAsync(o => o with { Servers = 3, Period = TimeSpan.FromMilliseconds(300), ChangeRate = 0 });
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        foreach (var server in new[] { "srv-01", "srv-02", "srv-03" })
        {
            await Eventually.TrueAsync(async () => (await stack.ServerAsync(server))?.Online == true, $"{server} is online");
        }

        // Switches appear with their first poll, phones with their first OPTIONS answer (ADR 88): all of srv-02 first.
        var expected = stack.Fleet.FindServer("srv-02")!.Equipment.ProducerIds.Count;
        await Eventually.TrueAsync(async () => (await stack.ProducersAsync("srv-02")).Count >= expected, "every producer of srv-02 reported");

        // Chatter on srv-01: four raw transitions in a row (the chatter filter holds them back centrally).
        var flaps = new[] { "offline", "online", "offline", "online" };
        foreach (var health in flaps)
        {
            using var set = await stack.PostAsync($"/dev/sim/producers/{Flapper}", $$"""{"health":"{{health}}"}""");
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        using (var stopped = await stack.PostAsync("/dev/sim/servers/srv-03/stop"))
        {
            Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        }

        var window = $"from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture))}";
        var pages = new List<HistoryDto>();
        string? continuation = null;
        do
        {
            var url = $"/api/v1/history?{window}&limit=7" + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation));
            var page = await stack.Client.GetFromJsonAsync(new Uri(url, UriKind.Relative), ApiJsonContext.Default.HistoryDto);
            pages.Add(page!);
            continuation = page!.Continuation;
            Assert.True(pages.Count < 50, "the walk ends");
        }
        while (continuation is not null);

        var items = pages.SelectMany(p => p.Items).ToList();

        // One coalesced set: both answering members, each event tagged with its member, ordered, nothing twice.
        Assert.True(pages.Count > 1, "the set spans several pages");
        Assert.Equal(["srv-01", "srv-02"], items.Select(i => i.ServerId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.StartsWith(i.ServerId + ":", i.EventId, StringComparison.Ordinal));
        Assert.Equal(items.Count, items.Select(i => i.EventId).Distinct().Count());
        Assert.Equal(items.OrderBy(i => i.At).ThenBy(i => i.ServerId, StringComparer.Ordinal).ThenBy(Number).Select(i => i.EventId), items.Select(i => i.EventId));
        Assert.All(pages, p => Assert.Equal((p.Items[0].EventId, p.Items[^1].EventId), (p.FirstEventId, p.LastEventId)));
        Assert.All(pages, p => Assert.Equal(["srv-01", "srv-02"], p.Members.Select(m => m.ServerId)));

        // The server that is down is reported on every page, not silently dropped.
        Assert.All(pages, p => Assert.Equal(("srv-03", "offline"), (p.Unavailable.Single().ServerId, p.Unavailable.Single().Reason)));

        // Full fidelity: every producer's first sighting and each of the four flaps.
        var simulated = stack.Fleet.FindServer("srv-02")!.Equipment.ProducerIds;
        Assert.Superset(
            simulated.ToHashSet(StringComparer.Ordinal),
            items.Where(i => i.ServerId == "srv-02" && i.Type == LocalEventTypes.Appeared).Select(i => i.ProducerId).ToHashSet(StringComparer.Ordinal));
        Assert.Equal(
            [Health.Offline, Health.Online, Health.Offline, Health.Online],
            items.Where(i => i.ProducerId == Flapper && i.Type == LocalEventTypes.Health).Select(i => i.Health!.Value));
    }

    private static long Number(HistoryItemDto item) => long.Parse(item.EventId[(item.EventId.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);
}
