using System.Text;
using System.Text.Json;
using Azure.Core;
using CloudStatus.Functions.Commands;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Functions.Tests.Commands;

/// <summary>The IoT Hub service REST client against a Kestrel stub of the hub on loopback, with a fake Entra credential.</summary>
public sealed class IotHubDirectMethodClientTests : IAsyncLifetime
{
    private static readonly byte[] Payload = """{"commandId":"c-1","producerId":"srv-01.sw1"}"""u8.ToArray();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private IotHubStub _hub = null!;
    private ServiceProvider _services = null!;
    private FakeTokenCredential _credential = null!;

    private IDirectMethodClient Client => _services.GetRequiredService<IDirectMethodClient>();

    public async Task InitializeAsync()
    {
        _hub = await IotHubStub.StartAsync();
        _credential = new FakeTokenCredential(_time);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CloudStatus:Central:Commands:IotHub:HostName"] = "cs-hub.azure-devices.net",
            ["CloudStatus:Central:Commands:IotHub:ServiceUri"] = _hub.BaseAddress.ToString(),
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton<TokenCredential>(_credential);
        services.AddIotHubDirectMethods(configuration);
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _hub.DisposeAsync();
    }

    [Fact]
    public async Task Invoke_ModuleAnswers_SendsTheDocumentedRequestAndReturnsItsStatusAndPayload()
    {
        _hub.Responder = (_, _) => Task.FromResult(new HubAnswer(200, """{"status":201,"payload":{"ok":true,"message":"rebooting"}}"""));

        var outcome = await Client.InvokeAsync("srv-01", "cloudstatus", "reboot", Payload, TimeSpan.FromSeconds(30));

        Assert.Equal(new DirectMethodOutcome(DirectMethodStatus.Answered, 201, """{"ok":true,"message":"rebooting"}""", null), outcome);
        var request = Assert.Single(_hub.Requests);
        Assert.Equal(("POST", "/twins/srv-01/modules/cloudstatus/methods", "?api-version=2021-04-12"), (request.Method, request.Path, request.Query));
        Assert.Equal("Bearer token-1", request.Authorization);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("reboot", body.RootElement.GetProperty("methodName").GetString());
        Assert.Equal("c-1", body.RootElement.GetProperty("payload").GetProperty("commandId").GetString());
        Assert.Equal(30, body.RootElement.GetProperty("responseTimeoutInSeconds").GetInt32());
        Assert.Equal(0, body.RootElement.GetProperty("connectTimeoutInSeconds").GetInt32());
        Assert.Equal(["https://iothubs.azure.net/.default"], Assert.Single(_credential.Scopes));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(45.2, 46)]
    [InlineData(900, 300)]
    public async Task Invoke_ResponseTimeout_IsSentInIotHubsRange(double seconds, int sent)
    {
        await Client.InvokeAsync("srv-01", "cloudstatus", "resync", Payload, TimeSpan.FromSeconds(seconds));

        using var body = JsonDocument.Parse(Assert.Single(_hub.Requests).Body);
        Assert.Equal(sent, body.RootElement.GetProperty("responseTimeoutInSeconds").GetInt32());
    }

    [Fact]
    public async Task Invoke_DeviceIdNeedingEscapes_IsEscapedInThePath()
    {
        await Client.InvokeAsync("srv 01#a", "cloudstatus", "resync", Payload, TimeSpan.FromSeconds(30));

        var request = Assert.Single(_hub.Requests);
        Assert.Equal("/twins/srv%2001%23a/modules/cloudstatus/methods?api-version=2021-04-12", request.RawTarget);
        Assert.Equal("/twins/srv 01#a/modules/cloudstatus/methods", request.Path);
    }

    public static TheoryData<int, string, string?, DirectMethodStatus, string> Refusals() => new()
    {
        // Bodies as IoT Hub writes them: the detail is JSON inside the "Message" string.
        { 404, """{"Message":"{\"errorCode\":404103,\"trackingId\":\"t-1\",\"message\":\"Timed out waiting for device to connect.\",\"info\":{\"timeout\":\"00:00:00\"},\"timestampUtc\":\"2030-01-01T00:00:00Z\"}","ExceptionMessage":""}""", "DeviceNotOnline", DirectMethodStatus.DeviceOffline, "404103" },
        { 404, """{"Message":"{\"errorCode\":404001,\"message\":\"Device srv-01 not registered\"}","ExceptionMessage":""}""", null, DirectMethodStatus.DeviceOffline, "404001" },
        { 404, """{"Message":"{\"errorCode\":404010,\"message\":\"Module cloudstatus not found\"}","ExceptionMessage":""}""", null, DirectMethodStatus.DeviceOffline, "404010" },
        { 504, """{"Message":"{\"errorCode\":504101,\"message\":\"Timed out waiting for the response from device.\",\"info\":{\"timeout\":\"00:00:30\"}}","ExceptionMessage":""}""", "GatewayTimeout", DirectMethodStatus.Timeout, "504101" },
        { 429, """{"Message":"{\"errorCode\":429001,\"message\":\"Throttled\"}","ExceptionMessage":""}""", "ThrottlingException", DirectMethodStatus.Failed, "429001" },
        { 404, string.Empty, "DeviceNotOnline", DirectMethodStatus.DeviceOffline, "404103" },
        { 500, "oops", null, DirectMethodStatus.Failed, "IoT Hub answered 500: oops" },
        { 403, """{"Message":"Principal is not authorized for POST on /twins/srv-01/modules/cloudstatus/methods","ExceptionMessage":""}""", null, DirectMethodStatus.Failed, "not authorized" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Invoke_HubRefuses_MapsTheDocumentedErrorCode(int status, string body, string? header, DirectMethodStatus expected, string detail)
    {
        _hub.Responder = (_, _) => Task.FromResult(new HubAnswer(status, body, header is null ? null : new Dictionary<string, string> { ["iothub-errorcode"] = header }));

        var outcome = await Client.InvokeAsync("srv-01", "cloudstatus", "reboot", Payload, TimeSpan.FromSeconds(30));

        Assert.Equal(expected, outcome.Status);
        Assert.Null(outcome.ResponseStatus);
        Assert.Contains(detail, outcome.Error, StringComparison.Ordinal);
        Assert.False(outcome.Succeeded);
    }

    [Fact]
    public async Task Invoke_Repeatedly_ReusesTheTokenUntilItIsDueThenFetchesANewOne()
    {
        await Client.InvokeAsync("srv-01", "cloudstatus", "resync", Payload, TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromMinutes(54));
        await Client.InvokeAsync("srv-01", "cloudstatus", "resync", Payload, TimeSpan.FromSeconds(30));
        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1)); // within 5 minutes of expiry
        await Client.InvokeAsync("srv-01", "cloudstatus", "resync", Payload, TimeSpan.FromSeconds(30));

        Assert.Equal(["Bearer token-1", "Bearer token-1", "Bearer token-2"], _hub.Requests.Select(r => r.Authorization));
        Assert.Equal(2, _credential.Issued);
    }

    [Fact]
    public async Task Invoke_HubRefusesTheToken_NextCallFetchesANewOne()
    {
        _hub.Responder = (r, _) => Task.FromResult(r.Authorization == "Bearer token-1"
            ? new HubAnswer(401, """{"Message":"{\"errorCode\":401002,\"message\":\"Unauthorized\"}","ExceptionMessage":""}""")
            : new HubAnswer(200, """{"status":200,"payload":null}"""));

        var refused = await Client.InvokeAsync("srv-01", "cloudstatus", "resync", Payload, TimeSpan.FromSeconds(30));
        var answered = await Client.InvokeAsync("srv-01", "cloudstatus", "resync", Payload, TimeSpan.FromSeconds(30));

        Assert.Equal(DirectMethodStatus.Failed, refused.Status);
        Assert.Contains("401002", refused.Error, StringComparison.Ordinal);
        Assert.Equal(new DirectMethodOutcome(DirectMethodStatus.Answered, 200, null, null), answered);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], _hub.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Invoke_NoCredentialAvailable_FailsWithoutCallingTheHub()
    {
        _credential.Unavailable = true;

        var outcome = await Client.InvokeAsync("srv-01", "cloudstatus", "resync", Payload, TimeSpan.FromSeconds(30));

        Assert.Equal(DirectMethodStatus.Failed, outcome.Status);
        Assert.Contains("No Entra ID token", outcome.Error, StringComparison.Ordinal);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task Invoke_HubDoesNotAnswerPastTheMethodTimeoutsAndMargin_TimesOut()
    {
        _hub.Responder = async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HubAnswer(200, "{}");
        };

        var call = Client.InvokeAsync("srv-01", "cloudstatus", "reboot", Payload, TimeSpan.FromSeconds(30));
        await Support.Eventually.TrueAsync(() => Task.FromResult(!_hub.Requests.IsEmpty), "the hub received the call");
        _time.Advance(TimeSpan.FromSeconds(39));
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1)); // 30 s response + 0 s connect + 10 s margin
        var outcome = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DirectMethodStatus.Timeout, outcome.Status);
        Assert.Contains("40 s", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_CallerCancels_Throws()
    {
        _hub.Responder = async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HubAnswer(200, "{}");
        };
        using var cancel = new CancellationTokenSource();

        var call = Client.InvokeAsync("srv-01", "cloudstatus", "reboot", Payload, TimeSpan.FromSeconds(30), cancel.Token);
        await Support.Eventually.TrueAsync(() => Task.FromResult(!_hub.Requests.IsEmpty), "the hub received the call");
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Invoke_PayloadIsNotJson_FailsWithoutCallingTheHub()
    {
        var outcome = await Client.InvokeAsync("srv-01", "cloudstatus", "reboot", Encoding.UTF8.GetBytes("{nope"), TimeSpan.FromSeconds(30));

        Assert.Equal(DirectMethodStatus.Failed, outcome.Status);
        Assert.Empty(_hub.Requests);
    }

    [Fact]
    public async Task Invoke_HubUnreachable_Fails()
    {
        var port = _hub.BaseAddress.Port;
        await _hub.DisposeAsync();
        _hub = await IotHubStub.StartAsync(); // a different port; the client still points at the closed one

        var outcome = await Client.InvokeAsync("srv-01", "cloudstatus", "reboot", Payload, TimeSpan.FromSeconds(30));

        Assert.NotEqual(port, _hub.BaseAddress.Port);
        Assert.Equal(DirectMethodStatus.Failed, outcome.Status);
        Assert.Contains("could not be reached", outcome.Error, StringComparison.Ordinal);
    }
}
