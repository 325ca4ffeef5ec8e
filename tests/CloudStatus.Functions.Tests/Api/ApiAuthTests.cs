using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Tests.Support;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Api;

/// <summary>Bearer JWTs (roles and tenants as Entra ID issues them), the dev token, and tenant scoping of every read and command.</summary>
public sealed class ApiAuthTests : IAsyncLifetime
{
    private static readonly string[] Reader = [CloudStatusClaims.ReadRole];
    private static readonly string[] Operator = [CloudStatusClaims.ReadRole, CloudStatusClaims.OperateRole];
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync();
        await _host.ApplyAsync(Periodic(1, 1, Rec("sw-01", 1, kind: ProducerKind.Switch)));
        await _host.ApplyAsync(Batch(Core.Wire.BatchKind.Periodic, 1, 1, [Rec("sw-01", 1, kind: ProducerKind.Switch, server: "srv-b1")], server: "srv-b1", tenant: "tenant-b", site: "site-b"));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Read_ReaderJwtOfTenantA_SeesOnlyTenantA()
    {
        using var client = _host.Jwt(Reader, [Tenant]);

        var servers = await client.GetFromJsonAsync<JsonElement>("/api/v1/servers");

        Assert.Equal([Server], servers.EnumerateArray().Select(s => s.GetProperty("serverId").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/servers/srv-b1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/servers/srv-b1/producers")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/producers/srv-b1.sw-01")).StatusCode);
        var events = await client.GetFromJsonAsync<JsonElement>("/api/v1/events");
        Assert.All(events.GetProperty("items").EnumerateArray(), e => Assert.Equal(Tenant, e.GetProperty("tenantId").GetString()));
    }

    [Fact]
    public async Task SiteMatrix_ReaderJwtOfTenantA_SeesOnlyTenantASites()
    {
        using var client = _host.Jwt(Reader, [Tenant]);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/sites/" + Site + "/matrix")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/v1/sites/site-b/matrix")).StatusCode);
        var connectivity = await client.GetFromJsonAsync<JsonElement>("/api/v1/connectivity");
        Assert.Equal([Site], connectivity.EnumerateArray().SelectMany(t => t.GetProperty("sites").EnumerateArray()).Select(s => s.GetProperty("siteId").GetString()));
        using var tenantB = _host.Jwt(Reader, ["tenant-b"]);
        Assert.Equal(HttpStatusCode.OK, (await tenantB.GetAsync("/api/v1/sites/site-b/matrix")).StatusCode);
    }

    [Fact]
    public async Task Command_ReaderJwt_IsForbiddenAsProblem()
    {
        using var client = _host.Jwt(Reader, [Tenant]);

        using var response = await client.PostAsJsonAsync("/api/v1/commands", new { producerId = "srv-01.sw-01", action = "reboot" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_host.Methods.Calls);
    }

    [Fact]
    public async Task Command_OperatorOfTenantA_OnTenantBProducer_IsNotFoundAndNotSent()
    {
        using var client = _host.Jwt(Operator, [Tenant]);

        using var response = await client.PostAsJsonAsync("/api/v1/commands", new { producerId = "srv-b1.sw-01", action = "reboot" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(_host.Methods.Calls);
    }

    [Fact]
    public async Task Command_OperatorOfTenantA_IsAcceptedAndAuditedWithTheCaller()
    {
        using var client = _host.Jwt(Operator, [Tenant], subject: "ops@contoso.test");

        using var response = await client.PostAsJsonAsync("/api/v1/commands", new { producerId = "srv-01.sw-01", action = "reboot" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commandId").GetString();

        var command = await client.GetFromJsonAsync<JsonElement>($"/api/v1/commands/{id}");
        Assert.Equal("ops@contoso.test", command.GetProperty("requestedBy").GetString());
    }

    [Fact]
    public async Task Read_JwtWithoutTenantClaim_SeesNothing()
    {
        using var client = _host.Jwt(Operator, []);

        var servers = await client.GetFromJsonAsync<JsonElement>("/api/v1/servers");

        Assert.Equal(0, servers.GetArrayLength());
    }

    [Fact]
    public async Task Read_JwtWithoutAnyRole_IsForbidden()
    {
        using var client = _host.Jwt([], [Tenant]);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/servers")).StatusCode);
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("wrong-key")]
    [InlineData("garbage")]
    public async Task Read_InvalidJwt_IsUnauthorizedAsProblem(string kind)
    {
        using var client = kind switch
        {
            "expired" => _host.Jwt(Reader, [Tenant], lifetime: TimeSpan.FromMinutes(-10)),
            "wrong-key" => _host.Jwt(Reader, [Tenant], signingKey: Convert.ToBase64String(new byte[32])),
            _ => _host.Jwt(Reader, [Tenant]),
        };
        if (kind == "garbage")
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln");
        }

        using var response = await client.GetAsync("/api/v1/servers");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void Validate_EntraTenantWithoutAudience_NamesTheSetting()
    {
        var errors = new AuthOptions { Entra = { TenantId = Guid.NewGuid().ToString() } }.Validate();

        Assert.Contains(errors, e => e.Contains("CloudStatus:Auth:Entra:Audience", StringComparison.Ordinal));
    }
}
