using System.Globalization;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Api;
using CloudStatus.Functions.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Dev.Tests.Dashboard;

/// <summary>
/// A stand-in for central's read API on loopback, serving the real dashboard files and a made-up fleet of
/// <c>servers × producersPerServer</c> in the API's own DTOs and JSON context: the dev stack cannot run a thousand
/// simulated servers on this machine, and the scale figures are about the page, not the stores. Only what the page
/// reads is served (servers, sites, connectivity, events, a server's producers with limit/continuation and the
/// health filter). Every tenth server has one offline device.
/// </summary>
internal sealed class FakeFleetApi : IAsyncDisposable
{
    private const int SitesCount = 10;
    private readonly WebApplication _app;
    private readonly int _servers;
    private readonly int _producers;
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    private FakeFleetApi(WebApplication app, int servers, int producers)
    {
        _app = app;
        _servers = servers;
        _producers = producers;
    }

    public string BaseUrl => _app.Urls.First();

    public static async Task<FakeFleetApi> StartAsync(int servers, int producersPerServer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeFleetApi(app, servers, producersPerServer);
        app.UseDashboardFiles();
        app.MapDashboardConfig();
        app.MapGet("/api/v1/servers", () => TypedResultsOf(fake.Servers()));
        app.MapGet("/api/v1/sites", () => TypedResultsOf(fake.Sites()));
        app.MapGet("/api/v1/connectivity", () => TypedResultsOf<IReadOnlyList<ConnectivityDto>>([]));
        app.MapGet("/api/v1/events", () => TypedResultsOf(new EventPageDto([], null, null, null, null)));
        app.MapGet("/api/v1/conflicts", () => TypedResultsOf<IReadOnlyList<ConflictDto>>([]));
        app.MapGet("/api/v1/servers/{serverId}/producers", (string serverId, HttpRequest request) => TypedResultsOf(fake.Producers(serverId, request.Query)));
        await app.StartAsync();
        return fake;
    }

    private static IResult TypedResultsOf<T>(T value) => TypedResults.Json(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)ApiJsonContext.Default.GetTypeInfo(typeof(T))!);

    public static string ServerId(int index) => string.Create(CultureInfo.InvariantCulture, $"srv-{index:0000}");

    private static bool HasOfflineDevice(int index) => index % 10 == 0;

    private IReadOnlyList<ServerDto> Servers() =>
    [
        .. Enumerable.Range(1, _servers).Select(i => new ServerDto(
            ServerId(i),
            SiteOf(i),
            "contoso",
            true,
            _now,
            0,
            _producers,
            "e1",
            new IngestCountersDto(1, _producers, 1000, 0),
            new HealthCountsDto(HasOfflineDevice(i) ? _producers - 1 : _producers, 0, HasOfflineDevice(i) ? 1 : 0, 0),
            0)),
    ];

    private IReadOnlyList<SiteDto> Sites() =>
    [
        .. Enumerable.Range(1, SitesCount).Select(s => new SiteDto(
            "contoso",
            string.Create(CultureInfo.InvariantCulture, $"site-{s:00}"),
            Health.Online,
            _servers / SitesCount,
            _servers / SitesCount,
            new HealthCountsDto(_producers * (_servers / SitesCount), 0, 0, 0),
            0,
            _now)),
    ];

    private string SiteOf(int index) => string.Create(CultureInfo.InvariantCulture, $"site-{((index - 1) % SitesCount) + 1:00}");

    /// <summary>One server's producers: a server record's switches (sw-NN, 1 in 25) each with devices under them.</summary>
    private PageDto<ProducerDto> Producers(string serverId, IQueryCollection query)
    {
        var index = int.Parse(serverId.AsSpan(4), CultureInfo.InvariantCulture);
        var limit = int.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) ? l : 100;
        var offset = int.TryParse(query["continuation"], CultureInfo.InvariantCulture, out var c) ? c : 0;
        var all = Enumerable.Range(0, _producers).Select(n => Producer(serverId, index, n));
        if (query["health"] is { Count: > 0 } health)
        {
            all = all.Where(p => string.Equals(p.Health.ToString(), health.ToString(), StringComparison.OrdinalIgnoreCase));
        }

        var page = all.Skip(offset).Take(limit + 1).ToList();
        return new PageDto<ProducerDto>(page.Take(limit).ToList(), page.Count > limit ? (offset + limit).ToString(CultureInfo.InvariantCulture) : null);
    }

    private ProducerDto Producer(string serverId, int index, int n)
    {
        var switchNo = (n / 25) + 1;
        var isSwitch = n % 25 == 0;
        var switchId = string.Create(CultureInfo.InvariantCulture, $"{serverId}.sw-{switchNo:00}");
        var id = isSwitch ? switchId : string.Create(CultureInfo.InvariantCulture, $"{switchId}.dev-{n % 25:000}");
        var health = HasOfflineDevice(index) && n == _producers - 1 ? Health.Offline : Health.Online;
        return new ProducerDto(id, isSwitch ? "switch" : "device", isSwitch ? null : switchId, serverId, health, null, null, n + 1, _now, _now, false, false, false, false);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
