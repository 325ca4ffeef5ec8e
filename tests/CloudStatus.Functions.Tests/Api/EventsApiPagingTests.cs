using System.Net;
using System.Net.Http.Json;
using CloudStatus.Core.Central;
using CloudStatus.Functions.Api;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CloudStatus.Functions.Tests.Api;

/// <summary><c>GET /api/v1/events</c> paging: first/last ids, next and previous links, both orders, from either end.</summary>
public sealed class EventsApiPagingTests : IAsyncLifetime
{
    private const string Window = "from=2030-01-01T00:00:00Z&to=2030-01-02T00:00:00Z";
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private ApiHost _host = null!;
    private List<string> _oldestFirst = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync();
        await _host.Services.GetRequiredService<IServerStore>().UpsertAsync(new ServerState
        {
            ServerId = "srv-01", TenantId = "t1", SiteId = "s", Epoch = "e", RegisteredAt = T0,
        });

        // 11 events, pairs sharing a timestamp (ties are ordered by id).
        var events = Enumerable.Range(0, 11).Select(i => new StatusEvent
        {
            EventId = $"ev-{i:D2}", TenantId = "t1", ServerId = "srv-01", ProducerId = "srv-01.sw", Type = "reboot",
            CentralTimestamp = T0.AddMinutes(10 + (i / 2)),
        }).ToList();
        await _host.Services.GetRequiredService<IEventStore>().AppendAsync("paging", events);
        _oldestFirst = [.. events.Select(e => e.EventId)];
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("newest")]
    [InlineData("oldest")]
    public async Task Events_WalkForwardThenBack_EveryPageAgreesBothWays(string order)
    {
        var expected = order == "oldest" ? _oldestFirst : Enumerable.Reverse(_oldestFirst).ToList();
        var pages = new List<EventPageDto>();
        var page = await GetAsync($"/api/v1/events?{Window}&limit=4&order={order}");
        Assert.Null(page.Previous);
        pages.Add(page);
        while (page.Continuation is { } next)
        {
            page = await GetAsync($"/api/v1/events?{Window}&limit=4&order={order}&continuation={Uri.EscapeDataString(next)}");
            pages.Add(page);
        }

        Assert.Equal(expected, pages.SelectMany(p => p.Items).Select(e => e.EventId));
        Assert.Equal([4, 4, 3], pages.Select(p => p.Items.Count));
        Assert.All(pages, p => Assert.Equal((p.Items[0].EventId, p.Items[^1].EventId), (p.FirstEventId, p.LastEventId)));

        // Back from the last page: the same pages again, each in the listing order.
        for (var i = pages.Count - 1; i > 0; i--)
        {
            var previous = await GetAsync($"/api/v1/events?{Window}&limit=4&order={order}&continuation={Uri.EscapeDataString(pages[i].Previous!)}");
            Assert.Equal(pages[i - 1].Items.Select(e => e.EventId), previous.Items.Select(e => e.EventId));
            Assert.NotNull(previous.Continuation);
            Assert.Equal(i - 1 > 0, previous.Previous is not null);
        }
    }

    [Fact]
    public async Task Events_OldestOrder_StartsAtTheFromEndAndNewestAtTheToEnd()
    {
        var oldest = await GetAsync($"/api/v1/events?{Window}&limit=1&order=oldest");
        var newest = await GetAsync($"/api/v1/events?{Window}&limit=1");

        Assert.Equal((_oldestFirst[0], _oldestFirst[0]), (oldest.FirstEventId, oldest.LastEventId));
        Assert.Equal(_oldestFirst[^1], newest.FirstEventId);
    }

    [Fact]
    public async Task Events_EmptyWindow_NoIdsNoLinks()
    {
        var page = await GetAsync("/api/v1/events?from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z");

        Assert.Empty(page.Items);
        Assert.Equal((null, null, null, null), (page.FirstEventId, page.LastEventId, page.Continuation, page.Previous));
    }

    [Theory]
    [InlineData("order=sideways", "order")]
    [InlineData("continuation=AAAA", null)]
    [InlineData("continuation=ZXYxH2FmdGVyH3gfZXYtMDE", null)]
    public async Task Events_BadOrderOrCursor_400ProblemDetails(string query, string? field)
    {
        using var response = await _host.Client.GetAsync(new Uri($"/api/v1/events?{Window}&{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        if (field is not null)
        {
            Assert.Contains($"\"{field}\"", body, StringComparison.Ordinal);
        }
    }

    private async Task<EventPageDto> GetAsync(string url)
    {
        using var response = await _host.Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.EventPageDto))!;
    }
}
