using System.Net;
using System.Text.Json;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Api;

public sealed class ApiReadTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync();
        await _host.ApplyAsync(Periodic(1, 3, Rec("sw1", 1, kind: ProducerKind.Switch), Rec("sw2", 2, Health.Degraded, kind: ProducerKind.Switch), Rec("dev", 3, Health.Offline)) with
        {
            Connectivity = [new ConnectivityEntry { SwitchId = "srv-01.sw1", Mode = ConnectivityMode.Disconnected, Switches = ["srv-01.sw2"] }],
        });
        _host.Time.Advance(TimeSpan.FromSeconds(10));
        await _host.ApplyAsync(Heartbeat(3, Digest(Rec("sw1", 1), Rec("sw2", 2), Rec("dev", 3))) with { SentAt = _host.Time.GetUtcNow().AddMilliseconds(-250) });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Servers_List_HasTheDocumentedShape()
    {
        using var doc = await GetJsonAsync("/api/v1/servers");

        var server = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal(
            ["serverId", "siteId", "tenantId", "online", "lastHeartbeat", "clockOffsetMs", "watermark", "epoch", "ingest", "counts", "stale", "registration", "failover", "peerLoss"],
            server.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Server, server.GetProperty("serverId").GetString());
        Assert.True(server.GetProperty("online").GetBoolean());
        Assert.Equal(250, server.GetProperty("clockOffsetMs").GetDouble());
        Assert.Equal(3, server.GetProperty("watermark").GetInt64());
        Assert.Equal(2, server.GetProperty("ingest").GetProperty("batches").GetInt64());
        Assert.Equal(3, server.GetProperty("ingest").GetProperty("records").GetInt64());
        Assert.Equal(1, server.GetProperty("counts").GetProperty("degraded").GetInt64());
        Assert.Equal(["online", "degraded", "offline", "unknown"], server.GetProperty("counts").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Servers_One_AndUnknownIsProblem404()
    {
        using var doc = await GetJsonAsync("/api/v1/servers/srv-01");
        Assert.Equal(Epoch, doc.RootElement.GetProperty("epoch").GetString());

        var missing = await _host.Client.GetAsync(new Uri("/api/v1/servers/srv-99", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Producers_Paged_WalksAllWithContinuation()
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var url = "/api/v1/servers/srv-01/producers?limit=2" + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation));
            using var doc = await GetJsonAsync(url);
            var items = doc.RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 2);
            ids.AddRange(items.Select(i => i.GetProperty("producerId").GetString()!));
            continuation = doc.RootElement.TryGetProperty("continuation", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        while (continuation is not null);

        Assert.Equal(["srv-01.dev", "srv-01.sw1", "srv-01.sw2"], ids);
    }

    [Fact]
    public async Task Producer_One_HasTheDocumentedShapeWithRawState()
    {
        using var doc = await GetJsonAsync("/api/v1/producers/srv-01.sw2");

        var p = doc.RootElement;
        Assert.Equal(
            ["producerId", "kind", "parentId", "serverId", "health", "state", "config", "seq", "localTimestamp", "centralTimestamp", "stale", "silent", "flapping", "deleted", "mac", "ip", "owner", "reportedBy", "conflict"],
            p.EnumerateObject().Select(x => x.Name));
        Assert.Equal("degraded", p.GetProperty("health").GetString());
        Assert.Equal(2, p.GetProperty("state").GetProperty("seq").GetInt32());
        Assert.Equal(JsonValueKind.Null, p.GetProperty("config").ValueKind);
        Assert.Equal("switch", p.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Sites_ListAndOne_ComeFromTheRollups()
    {
        using var list = await GetJsonAsync("/api/v1/sites");
        var site = Assert.Single(list.RootElement.EnumerateArray());
        Assert.Equal(("site-1", "degraded", 1), (site.GetProperty("siteId").GetString(), site.GetProperty("overall").GetString(), site.GetProperty("servers").GetInt32()));

        using var one = await GetJsonAsync("/api/v1/sites/site-1");
        Assert.Equal(Server, one.RootElement.GetProperty("servers")[0].GetProperty("serverId").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await _host.Client.GetAsync(new Uri("/api/v1/sites/site-9", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Connectivity_ReturnsEachServersMatrix()
    {
        using var doc = await GetJsonAsync("/api/v1/connectivity");

        var matrix = doc.RootElement[0].GetProperty("servers")[0];
        Assert.Equal(["srv-01.sw1", "srv-01.sw2"], matrix.GetProperty("switches").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["-0", "?-"], matrix.GetProperty("rows").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task SiteMatrix_HasTheDocumentedShape_AndUnknownSiteIsProblem404()
    {
        using var doc = await GetJsonAsync("/api/v1/sites/site-1/matrix");

        var m = doc.RootElement;
        Assert.Equal(
            ["tenantId", "siteId", "builtAt", "servers", "switches", "switchServers", "rows", "reachablePairs", "unreachablePairs"],
            m.EnumerateObject().Select(p => p.Name));
        Assert.Equal([Server], m.GetProperty("servers").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["srv-01.sw1", "srv-01.sw2"], m.GetProperty("switches").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal([Server, Server], m.GetProperty("switchServers").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["-0", "?-"], m.GetProperty("rows").EnumerateArray().Select(s => s.GetString()));
        using var all = await GetJsonAsync("/api/v1/connectivity");
        Assert.Equal("site-1", all.RootElement[0].GetProperty("sites")[0].GetProperty("siteId").GetString());

        var missing = await _host.Client.GetAsync(new Uri("/api/v1/sites/site-9/matrix", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Events_NewestFirstFilteredAndPaged()
    {
        using var all = await GetJsonAsync("/api/v1/events?limit=100");
        var times = all.RootElement.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("centralTimestamp").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.Contains(all.RootElement.GetProperty("items").EnumerateArray(), e => e.GetProperty("type").GetString() == "added");

        using var added = await GetJsonAsync("/api/v1/events?type=added&serverId=srv-01&limit=2&from=2029-12-31T00:00:00Z&to=2030-01-02");
        Assert.Equal(2, added.RootElement.GetProperty("items").GetArrayLength());
        var next = added.RootElement.GetProperty("continuation").GetString()!;
        using var rest = await GetJsonAsync("/api/v1/events?type=added&serverId=srv-01&limit=2&from=2029-12-31T00:00:00Z&to=2030-01-02&continuation=" + Uri.EscapeDataString(next));
        Assert.Equal(1, rest.RootElement.GetProperty("items").GetArrayLength());

        using var none = await GetJsonAsync("/api/v1/events?from=2031-01-01T00:00:00Z&to=2031-01-02T00:00:00Z");
        Assert.Equal(0, none.RootElement.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task DeadLetters_ListsRefusedMessagesForOperators()
    {
        await _host.Services.GetRequiredService<Functions.Ingest.StatusIngestor>().ApplyAsync(Batches.Message("nope"u8.ToArray(), null, Server));

        using var doc = await GetJsonAsync("/api/v1/deadletters");

        var letter = Assert.Single(doc.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(Server, letter.GetProperty("deviceId").GetString());
        Assert.Equal("nope", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(letter.GetProperty("bodyBase64").GetString()!)));
    }

    [Fact]
    public async Task OpenApi_IsAnonymousAndListsTheRoutes()
    {
        using var response = await _host.Anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = doc.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/servers/{serverId}/producers", paths);
        Assert.Contains("/api/v1/commands", paths);
    }

    [Fact]
    public async Task Healthz_IsAnonymous()
    {
        using var response = await _host.Anonymous.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonDocument> GetJsonAsync(string url)
    {
        using var response = await _host.Client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body);
    }
}
