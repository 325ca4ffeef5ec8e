using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CloudStatus.Core.Central;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Addresses;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Api;

/// <summary>
/// Address conflicts end to end in central: two servers' switches report one IP through ingest, the reconciler backs
/// the later one out, <c>/api/v1/conflicts</c> reports it to its tenant only, and an operator of that tenant resolves it.
/// </summary>
public sealed class ApiConflictsTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["CloudStatus:Central:Addresses:Sites:site-1:Subnets:0"] = "10.1.0.0/16",
        }, reconcileLoop: false); // the pass below is the only one: a running loop could still be committing when a test reads
        await _host.ApplyAsync(Periodic(1, 1, Rec("sw1", 1, kind: ProducerKind.Switch) with { Mac = "02:00:00:00:01:01", Ip = "10.1.0.5" }));
        await _host.ApplyAsync(Batch(Core.Wire.BatchKind.Periodic, 1, 2, server: "srv-02", records:
        [
            Rec("sw2", 1, kind: ProducerKind.Switch, server: "srv-02") with { Mac = "02:00:00:00:02:01", Ip = "10.1.0.5" },
            Rec("sw3", 2, kind: ProducerKind.Switch, server: "srv-02") with { Mac = "02:00:00:00:01:01", Ip = "10.1.0.6" },
        ]));
        await _host.Services.GetRequiredService<AddressReconciler>().ReconcileOnceAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ListConflicts_SameIpAndSameMac_ReportsBothWithNewcomerAndHolder()
    {
        var conflicts = await GetAsync(_host.Jwt(["Status.Read"], [Tenant]), "/api/v1/conflicts");

        Assert.Equal(2, conflicts.GetArrayLength());
        var ip = conflicts.EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "ip");
        Assert.Equal("10.1.0.5", ip.GetProperty("address").GetString());
        Assert.Equal("srv-02.sw2", ip.GetProperty("newcomer").GetProperty("producerId").GetString());
        Assert.Equal("srv-01.sw1", ip.GetProperty("holder").GetProperty("producerId").GetString());
        Assert.Equal("open", ip.GetProperty("status").GetString());
        var mac = conflicts.EnumerateArray().Single(c => c.GetProperty("kind").GetString() == "mac");
        Assert.Equal("srv-02.sw3", mac.GetProperty("newcomer").GetProperty("producerId").GetString());
        var events = await _host.Services.GetRequiredService<IEventStore>().QueryAsync(new EventQuery
        {
            TenantIds = [Tenant], From = DateTimeOffset.MinValue, To = DateTimeOffset.MaxValue, Type = StatusEventTypes.Conflict,
        });
        Assert.Equal(["srv-02.sw2", "srv-02.sw3"], events.Items.Select(e => e.ProducerId).Order());
    }

    [Fact]
    public async Task ListConflicts_AnotherTenant_SeesNone()
    {
        var conflicts = await GetAsync(_host.Jwt(["Status.Operate"], ["tenant-b"]), "/api/v1/conflicts");

        Assert.Equal(0, conflicts.GetArrayLength());
    }

    [Fact]
    public async Task Resolve_ByTheTenantsOperator_ClosesItOnce_OthersCannot()
    {
        var id = (await GetAsync(_host.Client, "/api/v1/conflicts?status=open")).EnumerateArray().First().GetProperty("conflictId").GetString();
        var body = new { resolution = "readdressed by hand" };

        var otherTenant = await _host.Jwt(["Status.Operate"], ["tenant-b"]).PostAsJsonAsync($"/api/v1/conflicts/{id}/resolve", body);
        var reader = await _host.Jwt(["Status.Read"], [Tenant]).PostAsJsonAsync($"/api/v1/conflicts/{id}/resolve", body);
        var empty = await _host.Jwt(["Status.Operate"], [Tenant]).PostAsJsonAsync($"/api/v1/conflicts/{id}/resolve", new { resolution = "" });
        var resolved = await _host.Jwt(["Status.Operate"], [Tenant], subject: "op@contoso.test").PostAsJsonAsync($"/api/v1/conflicts/{id}/resolve", body);
        var again = await _host.Jwt(["Status.Operate"], [Tenant]).PostAsJsonAsync($"/api/v1/conflicts/{id}/resolve", body);

        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var dto = await resolved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("resolved", "readdressed by hand"), (dto.GetProperty("status").GetString(), dto.GetProperty("resolution").GetString()));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        var closed = await GetAsync(_host.Client, "/api/v1/conflicts?status=resolved");
        Assert.Equal(id, Assert.Single(closed.EnumerateArray()).GetProperty("conflictId").GetString());
    }

    [Fact]
    public async Task Producers_NewcomersOfOpenConflicts_AreFlaggedAndFiltered_UntilResolved()
    {
        var all = (await GetAsync(_host.Client, "/api/v1/servers/srv-02/producers")).GetProperty("items").EnumerateArray().ToList();
        var only = (await GetAsync(_host.Client, "/api/v1/servers/srv-02/producers?conflict=true")).GetProperty("items").EnumerateArray().ToList();
        var others = (await GetAsync(_host.Client, "/api/v1/servers/srv-02/producers?conflict=false")).GetProperty("items").EnumerateArray().ToList();
        var bad = await _host.Client.GetAsync(new Uri("/api/v1/servers/srv-02/producers?conflict=maybe", UriKind.Relative));

        Assert.Equal(["srv-02.sw2", "srv-02.sw3"], all.Where(p => p.GetProperty("conflict").GetBoolean()).Select(p => p.GetProperty("producerId").GetString()));
        Assert.Equal(["srv-02.sw2", "srv-02.sw3"], only.Select(p => p.GetProperty("producerId").GetString()));
        Assert.All(others, p => Assert.False(p.GetProperty("conflict").GetBoolean()));
        Assert.Equal(all.Count - 2, others.Count);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var otherTenant = await _host.Jwt(["Status.Read"], ["tenant-b"]).GetAsync(new Uri("/api/v1/servers/srv-02/producers?conflict=true", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
        Assert.True((await GetAsync(_host.Client, "/api/v1/producers/srv-02.sw2")).GetProperty("conflict").GetBoolean());
        Assert.False((await GetAsync(_host.Client, "/api/v1/producers/srv-01.sw1")).GetProperty("conflict").GetBoolean());

        var id = (await GetAsync(_host.Client, "/api/v1/conflicts?status=open")).EnumerateArray()
            .Single(c => c.GetProperty("newcomer").GetProperty("producerId").GetString() == "srv-02.sw2").GetProperty("conflictId").GetString();
        using var resolved = await _host.Client.PostAsJsonAsync($"/api/v1/conflicts/{id}/resolve", new { resolution = "readdressed by hand" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.False((await GetAsync(_host.Client, "/api/v1/producers/srv-02.sw2")).GetProperty("conflict").GetBoolean());
        Assert.Equal(["srv-02.sw3"], (await GetAsync(_host.Client, "/api/v1/servers/srv-02/producers?conflict=true")).GetProperty("items").EnumerateArray().Select(p => p.GetProperty("producerId").GetString()));
    }

    [Fact]
    public async Task ListConflicts_ManualSite_SaysWhoResolvesIt()
    {
        var conflicts = await GetAsync(_host.Client, "/api/v1/conflicts");

        Assert.All(conflicts.EnumerateArray(), c =>
        {
            Assert.Equal("manual", c.GetProperty("handling").GetString());
            Assert.Contains("policy manual", c.GetProperty("handlingReason").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ListConflicts_UnknownStatus_IsAProblem()
    {
        var response = await _host.Client.GetAsync(new Uri("/api/v1/conflicts?status=maybe", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
