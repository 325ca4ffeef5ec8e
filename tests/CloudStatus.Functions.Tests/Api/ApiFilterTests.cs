using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CloudStatus.Core.Central;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CloudStatus.Functions.Tests.Api;

/// <summary>Producer filters (kind, parent, health, stale, flapping, deleted) and server filters (site, tenant, online) over HTTP.</summary>
public sealed class ApiFilterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync();
        var servers = _host.Services.GetRequiredService<IServerStore>();
        await servers.UpsertAsync(Server("srv-n1", "tenant-a", "north", online: true));
        await servers.UpsertAsync(Server("srv-n2", "tenant-a", "north", online: false));
        await servers.UpsertAsync(Server("srv-s1", "tenant-a", "south", online: true));
        await servers.UpsertAsync(Server("srv-b1", "tenant-b", "north", online: true));

        await _host.Services.GetRequiredService<IProducerStore>().UpsertManyAsync("srv-n1",
        [
            Producer("srv-n1.sw1", ProducerKind.Switch, "srv-n1", Health.Online),
            Producer("srv-n1.sw1.p1", ProducerKind.Port, "srv-n1.sw1", Health.Offline) with { Stale = true },
            Producer("srv-n1.sw1.p2", ProducerKind.Port, "srv-n1.sw1", Health.Online) with { Flapping = true },
            Producer("srv-n1.sw1.p3", ProducerKind.Port, "srv-n1.sw1", Health.Offline) with { Deleted = true },
            Producer("srv-n1.sw2", ProducerKind.Switch, "srv-n1", Health.Degraded) with { Stale = true },
            Producer("srv-n1.sw2.p1", ProducerKind.Port, "srv-n1.sw2", Health.Offline),
        ]);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("", "srv-n1.sw1,srv-n1.sw1.p1,srv-n1.sw1.p2,srv-n1.sw1.p3,srv-n1.sw2,srv-n1.sw2.p1")]
    [InlineData("kind=switch", "srv-n1.sw1,srv-n1.sw2")]
    [InlineData("parentId=srv-n1.sw1", "srv-n1.sw1.p1,srv-n1.sw1.p2,srv-n1.sw1.p3")]
    [InlineData("health=offline", "srv-n1.sw1.p1,srv-n1.sw1.p3,srv-n1.sw2.p1")]
    [InlineData("health=offline&deleted=false", "srv-n1.sw1.p1,srv-n1.sw2.p1")]
    [InlineData("deleted=true", "srv-n1.sw1.p3")]
    [InlineData("stale=true", "srv-n1.sw1.p1,srv-n1.sw2")]
    [InlineData("flapping=true", "srv-n1.sw1.p2")]
    [InlineData("kind=port&parentId=srv-n1.sw1&stale=false&deleted=false", "srv-n1.sw1.p2")]
    [InlineData("kind=fan", "")]
    public async Task Producers_Filtered_ListsOnlyMatchesAcrossPages(string filter, string expected)
    {
        var ids = new List<string>();
        string? continuation = null;
        do
        {
            var url = $"/api/v1/servers/srv-n1/producers?limit=2&{filter}" + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation));
            var page = await _host.Client.GetFromJsonAsync<JsonElement>(url);
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("producerId").GetString()!));
            continuation = page.GetProperty("continuation").GetString();
        }
        while (continuation is not null);

        Assert.Equal(expected, string.Join(',', ids));
    }

    [Theory]
    [InlineData("health=sick", "health")]
    [InlineData("stale=yes", "stale")]
    [InlineData("flapping=1", "flapping")]
    [InlineData("deleted=TRUE", "deleted")]
    [InlineData("kind=a%20b", "kind")]
    [InlineData("parentId=bad%2Fid", "parentId")]
    [InlineData("limit=0", "limit")]
    public async Task Producers_BadFilter_IsValidationProblem400(string query, string field)
    {
        using var response = await _host.Client.GetAsync(new Uri($"/api/v1/servers/srv-n1/producers?{query}", UriKind.Relative));

        await AssertValidationProblemAsync(response, field);
    }

    [Theory]
    [InlineData("", "srv-n1,srv-n2,srv-s1,srv-b1")]
    [InlineData("siteId=north", "srv-n1,srv-n2,srv-b1")]
    [InlineData("online=false", "srv-n2")]
    [InlineData("tenantId=tenant-b", "srv-b1")]
    [InlineData("siteId=north&online=true&tenantId=tenant-a", "srv-n1")]
    [InlineData("siteId=west", "")]
    public async Task Servers_Filtered_ListsOnlyMatches(string filter, string expected)
    {
        var servers = await _host.Client.GetFromJsonAsync<JsonElement>($"/api/v1/servers?{filter}");

        Assert.Equal(expected, string.Join(',', servers.EnumerateArray().Select(s => s.GetProperty("serverId").GetString())));
    }

    [Fact]
    public async Task Servers_TenantFilterOutsideTheCallersTenants_ListsNothing()
    {
        using var client = _host.Jwt([CloudStatusClaims.ReadRole], ["tenant-a"]);

        var other = await client.GetFromJsonAsync<JsonElement>("/api/v1/servers?tenantId=tenant-b");
        var own = await client.GetFromJsonAsync<JsonElement>("/api/v1/servers?siteId=north");

        Assert.Empty(other.EnumerateArray());
        Assert.Equal(["srv-n1", "srv-n2"], own.EnumerateArray().Select(s => s.GetProperty("serverId").GetString()));
    }

    [Theory]
    [InlineData("online=maybe", "online")]
    [InlineData("siteId=no%20spaces", "siteId")]
    [InlineData("tenantId=", "tenantId")]
    public async Task Servers_BadFilter_IsValidationProblem400(string query, string field)
    {
        using var response = await _host.Client.GetAsync(new Uri($"/api/v1/servers?{query}", UriKind.Relative));

        await AssertValidationProblemAsync(response, field);
    }

    internal static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), body);
    }

    private static ServerState Server(string id, string tenant, string site, bool online) => new()
    {
        ServerId = id, TenantId = tenant, SiteId = site, Epoch = "e1", RegisteredAt = T0, Online = online,
    };

    private static ProducerState Producer(string id, string kind, string parent, Health health) => new()
    {
        TenantId = "tenant-a", ServerId = "srv-n1", ProducerId = id, Kind = kind, ParentId = parent, Epoch = "e1", Seq = 1,
        Health = health, LocalTimestamp = T0, CentralTimestamp = T0,
    };
}
