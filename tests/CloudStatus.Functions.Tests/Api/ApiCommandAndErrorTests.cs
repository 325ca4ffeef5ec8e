using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Tests.Support;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Api;

public sealed class ApiCommandAndErrorTests : IAsyncLifetime
{
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync();
        await _host.ApplyAsync(Periodic(1, 1, Rec("sw1", 1, kind: ProducerKind.Switch)));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token-0123456789")]
    public async Task ProtectedRoute_WithoutTheToken_Is401ProblemDetails(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/servers");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await _host.Anonymous.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task NoTokenConfigured_EveryProtectedRequestIs401()
    {
        await using var host = await ApiHost.StartAsync(devToken: null);

        using var response = await host.Client.GetAsync(new Uri("/api/v1/servers", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/api/v1/servers/srv-01/producers?limit=0", "limit")]
    [InlineData("/api/v1/servers/srv-01/producers?limit=abc", "limit")]
    [InlineData("/api/v1/servers/bad%20id", "serverId")]
    [InlineData("/api/v1/events?from=yesterday", "from")]
    [InlineData("/api/v1/events?to=2030-13-45T00:00:00Z", "to")]
    [InlineData("/api/v1/events?from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", "from")]
    [InlineData("/api/v1/events?limit=1001", "limit")]
    [InlineData("/api/v1/events?serverId=a/b", "serverId")]
    public async Task BadQueryOrRouteValues_Are400ValidationProblems(string url, string field)
    {
        using var response = await _host.Client.GetAsync(new Uri(url, UriKind.Relative));

        using var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
    }

    [Theory]
    [InlineData("/api/v1/servers/srv-01/producers?continuation=garbage!")]
    [InlineData("/api/v1/events?continuation=AAAA")]
    public async Task ForeignContinuationToken_Is400(string url)
    {
        using var response = await _host.Client.GetAsync(new Uri(url, UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"producerId": 5, "action": "reboot"}""")]
    [InlineData("""{"producerId": "srv-01.sw1", "action": "reboot", "config": [1]}""")]
    [InlineData("")]
    public async Task PostCommand_MalformedBody_Is400NotA500(string body)
    {
        using var response = await PostAsync(body);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("""{"producerId": "srv-01.sw1", "action": "explode"}""", "action")]
    [InlineData("""{"action": "reboot"}""", "producerId")]
    [InlineData("""{"producerId": "srv-01.new", "action": "add"}""", "serverId")]
    [InlineData("""{"producerId": "srv-01.new", "action": "add", "serverId": "srv-01", "kind": "switch", "match": {"mac": "02:00"}}""", "match.mac")]
    [InlineData("""{"producerId": "srv-01.new", "action": "add", "serverId": "srv-01", "kind": "switch", "match": {"ip": "10.1"}}""", "match.ip")]
    [InlineData("""{"producerId": "srv-01.new", "action": "add", "serverId": "srv-01", "kind": "switch", "match": {}}""", "match")]
    [InlineData("""{"producerId": "srv-01.sw1", "action": "reboot", "match": {"mac": "02:00:5e:10:00:01"}}""", "match")]
    public async Task PostCommand_InvalidFields_Are400ValidationProblems(string body, string field)
    {
        using var response = await PostAsync(body);

        using var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task PostCommand_UnknownProducer_Is404()
    {
        using var response = await PostAsync("""{"producerId": "srv-01.ghost", "action": "reboot"}""");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Reboot_EndToEnd_AcceptedThenSucceeded()
    {
        using var response = await PostAsync("""{"producerId": "srv-01.sw1", "action": "reboot"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var commandId = accepted.RootElement.GetProperty("commandId").GetString()!;
        Assert.Equal($"/api/v1/commands/{commandId}", response.Headers.Location?.OriginalString);

        JsonDocument? command = null;
        await Eventually.TrueAsync(async () =>
        {
            command?.Dispose();
            command = JsonDocument.Parse(await _host.Client.GetStringAsync(new Uri($"/api/v1/commands/{commandId}", UriKind.Relative)));
            return command.RootElement.GetProperty("status").GetString() == "succeeded";
        }, "the command succeeded");

        using (command)
        {
            Assert.Equal(
                ["commandId", "producerId", "serverId", "action", "status", "requestedAt", "completedAt", "result", "requestedBy"],
                command!.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(("srv-01", "reboot", "dev-token"), (command.RootElement.GetProperty("serverId").GetString(), command.RootElement.GetProperty("action").GetString(), command.RootElement.GetProperty("requestedBy").GetString()));
        }

        Assert.Equal("reboot", Assert.Single(_host.Methods.Calls).MethodName);
    }

    [Fact]
    public async Task GetCommand_Unknown_Is404()
    {
        using var response = await _host.Client.GetAsync(new Uri("/api/v1/commands/cmd-nothing", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnknownRoute_IsProblem404()
    {
        using var response = await _host.Client.GetAsync(new Uri("/api/v1/nothing-here", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    private async Task<HttpResponseMessage> PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        return await _host.Client.PostAsync(new Uri("/api/v1/commands", UriKind.Relative), content);
    }

    private static async Task<JsonDocument> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var doc = JsonDocument.Parse(body);
        Assert.Equal((int)status, doc.RootElement.GetProperty("status").GetInt32());
        return doc;
    }
}
