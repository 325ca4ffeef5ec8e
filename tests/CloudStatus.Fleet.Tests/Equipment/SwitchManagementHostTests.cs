using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CloudStatus.Fleet.Equipment;
using CloudStatus.Fleet.Tests.Support;

namespace CloudStatus.Fleet.Tests.Equipment;

/// <summary>The simulated switches' management API (docs/equipment-http-api.md), each on its own loopback port, driven by a plain HTTP client.</summary>
public sealed class SwitchManagementHostTests : IAsyncLifetime
{
    private const string Credential = "Bearer sim-secret";

    private static readonly FleetSpec Spec = new()
    {
        Servers = 1,
        SwitchesPerServer = 3,
        DevicesPerSwitch = 1,
        ChangeRate = 0,
        RebootsPerSwitchHour = 0,
        DarkPerSwitchHour = 0,
        ReportConnectivity = true,
        ReportInterval = TimeSpan.FromHours(1),
        RebootDuration = TimeSpan.FromSeconds(1),
    };

    private readonly FleetModel _model = new(Spec, new RecordingOutput(), i => $"srv-{i + 1:00}");
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };
    private SwitchManagementHost _host = null!;

    private FleetServer Server => _model.Servers[0];

    public async Task InitializeAsync()
    {
        _host = await SwitchManagementHost.StartAsync(Server, Credential);
        _client.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(Credential);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Urls_OnePortPerSwitch_EachAnswersForItsOwnSwitch()
    {
        Assert.Equal(["srv-01.sw-01", "srv-01.sw-02", "srv-01.sw-03"], _host.Urls.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, _host.Urls.Values.Select(u => u.Port).Distinct().Count());

        using var status = await GetJsonAsync("srv-01.sw-02", "status");
        using var connectivity = await GetJsonAsync("srv-01.sw-02", "connectivity");

        Assert.Equal("online", status.RootElement.GetProperty("health").GetString());
        Assert.Equal(1, status.RootElement.GetProperty("bootCount").GetInt32());
        Assert.StartsWith("4.2.", status.RootElement.GetProperty("firmware").GetString(), StringComparison.Ordinal);
        Assert.Equal(["srv-01.sw-01", "srv-01.sw-03"], connectivity.RootElement.GetProperty("reachable").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task AnyRequest_WithoutTheCredential_401()
    {
        using var anonymous = new HttpClient();

        using var response = await anonymous.GetAsync(new Uri(_host.Urls["srv-01.sw-01"], "status"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Reboot_DropsConnectionsWhileRebooting_ThenAnswersWithTheNextBootCount()
    {
        const string sw = "srv-01.sw-01";
        using (var reboot = await _client.PostAsync(new Uri(_host.Urls[sw], "reboot"), null))
        {
            Assert.Equal(HttpStatusCode.Accepted, reboot.StatusCode);
        }

        await Assert.ThrowsAsync<HttpRequestException>(() => _client.GetAsync(new Uri(_host.Urls[sw], "status")));
        _model.Step(1);
        _model.Step(2);
        using var status = await GetJsonAsync(sw, "status");

        Assert.Equal(2, status.RootElement.GetProperty("bootCount").GetInt32());
        Assert.Equal(1, _host.Received(sw, "POST /reboot"));
    }

    [Fact]
    public async Task PutConfig_ThenGet_ReadsItBack_AndANonObjectIs400()
    {
        const string sw = "srv-01.sw-03";
        using (var put = await _client.PutAsync(new Uri(_host.Urls[sw], "config"), Json("""{"vlan":12}""")))
        {
            Assert.Equal(HttpStatusCode.Accepted, put.StatusCode);
        }

        using (var bad = await _client.PutAsync(new Uri(_host.Urls[sw], "config"), Json("[1]")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using var config = await GetJsonAsync(sw, "config");
        Assert.Equal(12, config.RootElement.GetProperty("vlan").GetInt32());
    }

    [Fact]
    public async Task Delete_RemovesTheSwitchAndItsSubtree_ThenItAnswers404()
    {
        const string sw = "srv-01.sw-02";
        using (var delete = await _client.DeleteAsync(_host.Urls[sw]))
        {
            Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        }

        using var status = await _client.GetAsync(new Uri(_host.Urls[sw], "status"));

        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.DoesNotContain(Server.ProducerIds, id => id.StartsWith(sw, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hung_HoldsTheRequestWithoutAnswering_OtherSwitchesStillAnswer()
    {
        Assert.True(Server.SetHung("srv-01.sw-01", true));
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        impatient.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(Credential);

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.GetAsync(new Uri(_host.Urls["srv-01.sw-01"], "status")));
        using var other = await impatient.GetAsync(new Uri(_host.Urls["srv-01.sw-02"], "status"));

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    private async Task<JsonDocument> GetJsonAsync(string switchId, string path)
    {
        using var response = await _client.GetAsync(new Uri(_host.Urls[switchId], path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
