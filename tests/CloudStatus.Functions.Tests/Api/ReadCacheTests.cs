using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Tests.Support;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Api;

/// <summary>The readers' response cache (ADR 182) on the central app, its clock faked: max age 1 s.</summary>
public sealed class ReadCacheTests : IAsyncLifetime
{
    private const string TenantB = "tenant-b";
    private const string Producers = "/api/v1/servers/" + Server + "/producers";
    private static readonly string[] Reader = [CloudStatusClaims.ReadRole];
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync(settings: new Dictionary<string, string?> { ["CloudStatus:Central:Api:ReadCache:MaxAge"] = "00:00:01" });
        await _host.ApplyAsync(Periodic(
            1,
            3,
            Rec("sw-01", 1, kind: ProducerKind.Switch),
            Process("pbx", 2, Tenant),
            Process("acd", 3, TenantB)));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ListProducers_ChangedWithinMaxAge_OldPageUntilMaxAgeThenTheChange()
    {
        var before = await HealthOfAsync(_host.Client, Server + ".sw-01");
        await _host.ApplyAsync(Periodic(4, 4, Rec("sw-01", 4, Health.Degraded, kind: ProducerKind.Switch)));

        var within = await _host.Client.GetAsync(new Uri(Producers, UriKind.Relative));
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        var after = await HealthOfAsync(_host.Client, Server + ".sw-01");

        Assert.Equal("online", before);
        Assert.Equal("online", HealthIn(await within.Content.ReadFromJsonAsync<JsonElement>(), Server + ".sw-01"));
        Assert.Equal((true, TimeSpan.FromSeconds(1)), (within.Headers.CacheControl!.Private, within.Headers.CacheControl.MaxAge));
        Assert.Equal("degraded", after);
    }

    [Fact]
    public async Task ListProducers_NoCacheRequested_ReadsThroughAndRefreshesThePage()
    {
        await HealthOfAsync(_host.Client, Server + ".sw-01");
        await _host.ApplyAsync(Periodic(4, 4, Rec("sw-01", 4, Health.Degraded, kind: ProducerKind.Switch)));

        using var fresh = new HttpRequestMessage(HttpMethod.Get, new Uri(Producers, UriKind.Relative));
        fresh.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        using var answer = await _host.Client.SendAsync(fresh);
        var next = await HealthOfAsync(_host.Client, Server + ".sw-01"); // the clock has not moved: the refreshed page

        Assert.Equal("degraded", HealthIn(await answer.Content.ReadFromJsonAsync<JsonElement>(), Server + ".sw-01"));
        Assert.Equal("degraded", next);
    }

    [Fact]
    public async Task ListProducers_TwoTenantsSameUrl_EachGetsOnlyItsOwnPage()
    {
        using var a = _host.Jwt(Reader, [Tenant]);
        using var b = _host.Jwt(Reader, [TenantB]);

        var first = Ids(await a.GetFromJsonAsync<JsonElement>(Producers + "?kind=process"));
        var second = Ids(await b.GetFromJsonAsync<JsonElement>(Producers + "?kind=process"));
        var again = Ids(await a.GetFromJsonAsync<JsonElement>(Producers + "?kind=process"));

        Assert.Equal([Server + ".process.pbx"], first);
        Assert.Equal([Server + ".process.acd"], second);
        Assert.Equal(first, again);
    }

    [Fact]
    public async Task ListProducers_IfNoneMatchTheETag_Is304UntilThePageChanges()
    {
        using var first = await _host.Client.GetAsync(new Uri(Producers, UriKind.Relative));
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);

        using var same = await GetIfNoneMatchAsync(etag);
        await _host.ApplyAsync(Periodic(4, 4, Rec("sw-01", 4, Health.Degraded, kind: ProducerKind.Switch)));
        _host.Time.Advance(TimeSpan.FromSeconds(1));
        using var changed = await GetIfNoneMatchAsync(etag);

        Assert.Equal(HttpStatusCode.NotModified, same.StatusCode);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task SingleServer_ChangedWithinMaxAge_SeenAtOnce()
    {
        await _host.Client.GetAsync(new Uri("/api/v1/servers/" + Server, UriKind.Relative));
        await _host.ApplyAsync(Periodic(4, 4, Rec("sw-01", 4, Health.Degraded, kind: ProducerKind.Switch)));

        var server = await _host.Client.GetFromJsonAsync<JsonElement>("/api/v1/servers/" + Server);

        Assert.Equal(4, server.GetProperty("watermark").GetInt64());
    }

    private async Task<HttpResponseMessage> GetIfNoneMatchAsync(EntityTagHeaderValue? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Producers);
        request.Headers.IfNoneMatch.Add(etag!);
        return await _host.Client.SendAsync(request);
    }

    private static async Task<string?> HealthOfAsync(HttpClient client, string producerId) =>
        HealthIn(await client.GetFromJsonAsync<JsonElement>(Producers), producerId);

    private static string? HealthIn(JsonElement page, string producerId) =>
        page.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("producerId").GetString() == producerId).GetProperty("health").GetString();

    private static StatusRecord Process(string id, long seq, string tenant) =>
        Rec("process." + id, seq, kind: ProducerKind.Process) with
        {
            State = $$"""{"group":"g-{{tenant}}","tenant":"{{tenant}}","phase":"running","restarts":{{seq}}}""",
        };

    private static List<string?> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("producerId").GetString())];
}
