using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Api;

/// <summary>
/// Tenant groups as a tenancy boundary (issue 12, ADR 0101): server srv-01 of tenant-a also runs tenant-b's processes;
/// each tenant's token sees and commands only its own producers there.
/// </summary>
public sealed class ApiTenantGroupTests : IAsyncLifetime
{
    private const string TenantB = "tenant-b";
    private const string OwnProcess = Server + ".process.pbx";
    private const string GuestProcess = Server + ".process.acd";
    private static readonly string[] Reader = [CloudStatusClaims.ReadRole];
    private static readonly string[] Operator = [CloudStatusClaims.ReadRole, CloudStatusClaims.OperateRole];
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync(services: s => s.AddFakeLogging());
        await _host.ApplyAsync(Periodic(
            1,
            4,
            Rec("sw-01", 1, kind: ProducerKind.Switch),
            Process("pbx", 2, Tenant, Health.Online),
            Process("acd", 3, TenantB, Health.Online),
            Process("acd", 4, TenantB, Health.Offline, evt: "reboot")));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ListProducers_GuestTenantOnSharedServer_SeesOnlyItsGroupsProcesses()
    {
        using var client = _host.Jwt(Reader, [TenantB]);

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{Server}/producers");

        Assert.Equal([GuestProcess], Ids(page));
        Assert.Equal(TenantB, page.GetProperty("items")[0].GetProperty("state").GetProperty("tenant").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/producers/{OwnProcess}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/producers/{GuestProcess}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/servers/{Server}")).StatusCode);
    }

    [Fact]
    public async Task ListProducers_HostTenant_DoesNotSeeTheGuestsProcesses()
    {
        using var client = _host.Jwt(Reader, [Tenant]);

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{Server}/producers?kind=process");
        var all = await client.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{Server}/producers");

        Assert.Equal([OwnProcess], Ids(page));
        Assert.Equal([OwnProcess, Server + ".sw-01"], Ids(all));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/producers/{GuestProcess}")).StatusCode);
    }

    [Fact]
    public async Task ListProducers_FleetOperator_SeesEveryTenantsProcesses()
    {
        using var client = _host.Jwt(Reader, [CloudStatusClaims.AllTenants]);

        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{Server}/producers?kind=process");

        Assert.Equal([GuestProcess, OwnProcess], Ids(page));
    }

    [Fact]
    public async Task ListProducers_TenantWithNothingOnTheServer_IsNotFound()
    {
        using var client = _host.Jwt(Reader, ["tenant-c"]);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/servers/{Server}/producers")).StatusCode);
    }

    [Fact]
    public async Task Events_CrashOfAGuestProcess_GoesToItsTenantOnly()
    {
        using var guest = _host.Jwt(Reader, [TenantB]);
        using var host = _host.Jwt(Reader, [Tenant]);

        var guestEvents = await guest.GetFromJsonAsync<JsonElement>("/api/v1/events");
        var hostEvents = await host.GetFromJsonAsync<JsonElement>("/api/v1/events");

        Assert.Contains(guestEvents.GetProperty("items").EnumerateArray(), e => e.GetProperty("producerId").GetString() == GuestProcess && e.GetProperty("type").GetString() == "reboot");
        Assert.All(guestEvents.GetProperty("items").EnumerateArray(), e => Assert.Equal(GuestProcess, e.GetProperty("producerId").GetString()));
        Assert.DoesNotContain(hostEvents.GetProperty("items").EnumerateArray(), e => e.GetProperty("producerId").GetString() == GuestProcess);
    }

    [Fact]
    public async Task Command_HostTenantOnGuestProcess_IsNotFoundProblemNotSentAndAudited()
    {
        using var client = _host.Jwt(Operator, [Tenant], subject: "ops-a@contoso.test");

        using var response = await client.PostAsJsonAsync("/api/v1/commands", new { producerId = GuestProcess, action = "stop" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_host.Methods.Calls);
        var refused = Assert.Single(_host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 2760);
        Assert.Contains("ops-a@contoso.test", refused.Message, StringComparison.Ordinal);
        Assert.Contains(GuestProcess, refused.Message, StringComparison.Ordinal);
        Assert.Contains(TenantB, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_GuestTenantOnItsProcess_IsAcceptedAndVisibleToItOnly()
    {
        using var guest = _host.Jwt(Operator, [TenantB], subject: "ops-b@contoso.test");
        using var host = _host.Jwt(Operator, [Tenant]);

        using var response = await guest.PostAsJsonAsync("/api/v1/commands", new { producerId = GuestProcess, action = "reboot" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commandId").GetString();

        var command = await guest.GetFromJsonAsync<JsonElement>($"/api/v1/commands/{id}");
        Assert.Equal("ops-b@contoso.test", command.GetProperty("requestedBy").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await host.GetAsync($"/api/v1/commands/{id}")).StatusCode);
        Assert.DoesNotContain(_host.Services.GetFakeLogCollector().GetSnapshot(), r => r.Id.Id == 2760);
    }

    [Fact]
    public async Task Command_GuestTenantOnTheHostsSwitch_IsNotFound()
    {
        using var guest = _host.Jwt(Operator, [TenantB]);

        using var response = await guest.PostAsJsonAsync("/api/v1/commands", new { producerId = Server + ".sw-01", action = "reboot" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ProcessGroups_RollUpPerTenantGroup_OnlyTheCallersGroups()
    {
        using var guest = _host.Jwt(Reader, [TenantB]);
        using var fleet = _host.Jwt(Reader, [CloudStatusClaims.AllTenants]);

        var own = await guest.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{Server}/process-groups");
        var all = await fleet.GetFromJsonAsync<JsonElement>($"/api/v1/servers/{Server}/process-groups");

        var group = Assert.Single(own.EnumerateArray());
        Assert.Equal("g-tenant-b", group.GetProperty("group").GetString());
        Assert.Equal(TenantB, group.GetProperty("tenantId").GetString());
        Assert.Equal(1, group.GetProperty("processes").GetInt32());
        Assert.Equal(1, group.GetProperty("counts").GetProperty("offline").GetInt32());
        Assert.Equal(4, group.GetProperty("restarts").GetInt32());
        Assert.Equal(["g-tenant-a", "g-tenant-b"], all.EnumerateArray().Select(g => g.GetProperty("group").GetString()));
        using var other = _host.Jwt(Reader, ["tenant-c"]);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/servers/{Server}/process-groups")).StatusCode);
    }

    private static StatusRecord Process(string id, long seq, string tenant, Health health, string? evt = null) =>
        Rec("process." + id, seq, health, evt: evt, kind: ProducerKind.Process) with
        {
            State = $$"""{"group":"g-{{tenant}}","tenant":"{{tenant}}","phase":"running","restarts":{{seq}}}""",
        };

    private static List<string?> Ids(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("producerId").GetString())];
}
