using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Functions.Api;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>Tokens minted by the dev stack (JWTs shaped like Entra ID's) scope reads and commands by role and tenant.</summary>
public sealed class DevStackTenancyTests
{
    [Fact]
    public async Task ReaderOfOneTenant_SeesOnlyItsServersAndCannotCommand()
    {
        await using var stack = await StackHarness.StartAsync(o => o with { Servers = 4, Tenants = 2, Switches = 1, Devices = 1, ChangeRate = 0, Period = TimeSpan.FromMilliseconds(500) });
        await RegisteredAsync(stack);
        using var reader = await ClientAsync(stack, """{"subject":"reader@contoso.test","roles":["Status.Read"],"tenants":["contoso"]}""");

        var servers = await reader.GetFromJsonAsync(new Uri("/api/v1/servers", UriKind.Relative), ApiJsonContext.Default.IReadOnlyListServerDto);
        Assert.Equal(["srv-01", "srv-02"], servers!.Select(s => s.ServerId));
        Assert.All(servers!, s => Assert.Equal("contoso", s.TenantId));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(new Uri("/api/v1/servers/srv-03", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(new Uri("/api/v1/producers/srv-03.sw-01", UriKind.Relative))).StatusCode);

        using var command = await reader.PostAsJsonAsync(new Uri("/api/v1/commands", UriKind.Relative), new { producerId = "srv-01.sw-01", action = "reboot" });
        Assert.Equal(HttpStatusCode.Forbidden, command.StatusCode);
    }

    [Fact]
    public async Task OperatorOfOtherTenant_CannotCommandThisTenantsProducer()
    {
        await using var stack = await StackHarness.StartAsync(o => o with { Servers = 4, Tenants = 2, Switches = 1, Devices = 1, ChangeRate = 0, Period = TimeSpan.FromMilliseconds(500) });
        await RegisteredAsync(stack);
        using var fabrikam = await ClientAsync(stack, """{"roles":["Status.Read","Status.Operate"],"tenants":["fabrikam"]}""");

        using var foreign = await fabrikam.PostAsJsonAsync(new Uri("/api/v1/commands", UriKind.Relative), new { producerId = "srv-01.sw-01", action = "reboot" });
        using var own = await fabrikam.PostAsJsonAsync(new Uri("/api/v1/commands", UriKind.Relative), new { producerId = "srv-03.sw-01", action = "reboot" });

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, own.StatusCode);
    }

    private static Task RegisteredAsync(StackHarness stack) => Eventually.TrueAsync(
        async () => (await Task.WhenAll(stack.Fleet.Servers.Select(s => stack.ServerAsync(s.ServerId)))).All(s => s?.Ingest.Records > 0),
        "every server registered its producers");

    private static async Task<HttpClient> ClientAsync(StackHarness stack, string request)
    {
        using var minted = await stack.PostAsync("/dev/tokens", request);
        Assert.Equal(HttpStatusCode.OK, minted.StatusCode);
        var token = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        var client = new HttpClient { BaseAddress = stack.Client.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
