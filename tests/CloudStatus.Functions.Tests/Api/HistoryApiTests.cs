using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using CloudStatus.Core.Central;
using CloudStatus.Core.Commands;
using CloudStatus.Functions.Api;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.History;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace CloudStatus.Functions.Tests.Api;

/// <summary><c>GET /api/v1/history</c> over the fake hub: members of the caller's tenants, the coalesced shape, errors.</summary>
public sealed class HistoryApiTests : IAsyncLifetime
{
    private const string Window = "from=2030-01-01T00:00:00Z&to=2030-01-01T01:00:00Z";
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync();
        var servers = _host.Services.GetRequiredService<IServerStore>();
        foreach (var (server, tenant) in new[] { ("srv-01", "t1"), ("srv-02", "t1"), ("srv-03", "t2") })
        {
            await servers.UpsertAsync(new ServerState { ServerId = server, TenantId = tenant, SiteId = "s", Epoch = "e", RegisteredAt = T0, ClockOffsetMs = 1.5 });
        }

        // Each server has three events, one second apart and shifted per server; srv-03 is offline.
        _host.Methods.Responder = call =>
        {
            if (call.DeviceId == "srv-03")
            {
                return new DirectMethodOutcome(DirectMethodStatus.DeviceOffline, null, null, "Module srv-03/cloudstatus is not connected.");
            }

            var request = JsonSerializer.Deserialize(call.PayloadJson, HistoryJsonContext.Default.HistoryRequest)!;
            var shift = call.DeviceId == "srv-01" ? 0 : 1;
            var events = Enumerable.Range(1, 3)
                .Select(n => new HistoryEvent
                {
                    EventId = $"{call.DeviceId}:ep:{n}", Number = n, ProducerId = call.DeviceId + ".sw-01", Type = "health",
                    Health = Core.Model.Health.Offline, At = T0.AddSeconds((2 * n) + shift),
                })
                .Where(e => e.At >= request.From && e.At < request.To)
                .SkipWhile(e => request.After is not null && e.EventId != request.After)
                .Skip(request.After is null ? 0 : 1)
                .ToList();
            var page = new HistoryPage { Events = [.. events.Take(request.Limit!.Value)], More = events.Count > request.Limit };
            return new DirectMethodOutcome(DirectMethodStatus.Answered, 200, JsonSerializer.Serialize(page, HistoryJsonContext.Default.HistoryPage), null);
        };
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task History_TwoAnswerOneOffline_OneOrderedSetWithIdsMembersAndTheMissingServer()
    {
        var pages = new List<HistoryDto>();
        string? continuation = null;
        do
        {
            pages.Add(await GetAsync($"/api/v1/history?{Window}&limit=4" + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation))));
            continuation = pages[^1].Continuation;
        }
        while (continuation is not null);

        Assert.Equal(
            ["srv-01:ep:1", "srv-02:ep:1", "srv-01:ep:2", "srv-02:ep:2", "srv-01:ep:3", "srv-02:ep:3"],
            pages.SelectMany(p => p.Items).Select(i => i.EventId));
        Assert.All(pages.SelectMany(p => p.Items), i => Assert.StartsWith(i.ServerId + ":", i.EventId, StringComparison.Ordinal));
        Assert.Equal((4, 2), (pages[0].Items.Count, pages[1].Items.Count));
        Assert.All(pages, p => Assert.Equal((p.Items[0].EventId, p.Items[^1].EventId), (p.FirstEventId, p.LastEventId)));
        Assert.Equal([new HistoryMemberDto("srv-01", 2, 1.5), new HistoryMemberDto("srv-02", 2, 1.5)], pages[0].Members);
        Assert.All(pages, p => Assert.Equal(("srv-03", "offline"), (p.Unavailable.Single().ServerId, p.Unavailable.Single().Reason)));
    }

    [Fact]
    public async Task History_ShapeAndDefaultWindow_TheLastHourOfEveryMember()
    {
        _host.Time.SetUtcNow(T0.AddHours(2));

        using var response = await _host.Client.GetAsync(new Uri("/api/v1/history", UriKind.Relative));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            ["from", "to", "type", "items", "firstEventId", "lastEventId", "members", "unavailable", "continuation"],
            doc.RootElement.EnumerateObject().Select(p => p.Name));
        var asked = _host.Methods.Calls.Where(c => c.MethodName == DirectMethodNames.History).ToList();
        Assert.Equal(["srv-01", "srv-02", "srv-03"], asked.Select(c => c.DeviceId).Order(StringComparer.Ordinal));
        var request = JsonSerializer.Deserialize(asked[0].PayloadJson, HistoryJsonContext.Default.HistoryRequest)!;
        Assert.Equal((T0.AddHours(1), T0.AddHours(2), HistoryRequest.DefaultLimit), (request.From, request.To, request.Limit));
    }

    [Fact]
    public async Task History_CallerScopedToOneTenant_AsksOnlyThatTenantsServers()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(CloudStatusClaims.Tenant, "t2")], "test"));

        var result = await HistoryApi.GetHistoryAsync(
            new HistoryQuery("2030-01-01T00:00:00Z", "2030-01-01T01:00:00Z", null, null, null),
            user,
            _host.Services.GetRequiredService<IServerStore>(),
            _host.Services.GetRequiredService<HistoryCoalescer>(),
            _host.Time,
            CancellationToken.None);

        var history = Assert.IsType<Ok<HistoryDto>>(result.Result).Value!;
        Assert.Equal(["srv-03"], _host.Methods.Calls.Select(c => c.DeviceId));
        Assert.Empty(history.Items);
        Assert.Equal("srv-03", history.Unavailable.Single().ServerId);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", "from")]
    [InlineData("limit=1001", "limit")]
    [InlineData("type=a%20b", "type")]
    [InlineData("continuation=AAAA", null)]
    public async Task History_BadQuery_400ProblemDetailsAndNoServerAsked(string query, string? field)
    {
        using var response = await _host.Client.GetAsync(new Uri("/api/v1/history?" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Empty(_host.Methods.Calls);
    }

    [Fact]
    public async Task OpenApi_DocumentsHistoryAndEventPaging()
    {
        using var response = await _host.Anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var paths = doc.RootElement.GetProperty("paths");
        Assert.Contains("member", paths.GetProperty("/api/v1/history").GetProperty("get").GetProperty("description").GetString(), StringComparison.Ordinal);
        var events = paths.GetProperty("/api/v1/events").GetProperty("get");
        Assert.Contains("previous", events.GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains(events.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "order");
    }

    private async Task<HistoryDto> GetAsync(string url)
    {
        using var response = await _host.Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.HistoryDto))!;
    }
}
