using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Functions.Api;
using Xunit.Abstractions;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>
/// Issue 17 on the running dev stack: every switch is its own HTTP management endpoint on loopback, and the edge nodes
/// poll and control the switches only through the production HTTP adapter. Observed as a user would: the API, and the
/// dev routes that show what a simulated switch's endpoint received.
/// </summary>
public sealed class EquipmentAcceptanceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Reboot_Switch_EndpointReceivedItAndBootCountFirmwareAndEventComeBack()
    {
        await using var stack = await StartAsync();
        const string sw = "srv-01.sw-01";
        await Eventually.TrueAsync(async () => await BootCountAsync(stack, sw) == 1, $"{sw} was polled over HTTP");

        var command = await stack.SubmitCommandAsync($$"""{"action":"reboot","producerId":"{{sw}}"}""");

        Assert.Equal("succeeded", (await stack.CommandCompletedAsync(command)).Status);
        var endpoint = await SwitchAsync(stack, sw);
        Assert.Equal(1, endpoint.GetProperty("rebootsReceived").GetInt32());
        await Eventually.TrueAsync(async () => await BootCountAsync(stack, sw) == 2, "the new boot count came back in the switch's state");
        var state = (await stack.ProducerAsync(sw))!.Value.GetProperty("state");
        Assert.Equal(endpoint.GetProperty("firmware").GetString(), state.GetProperty("firmware").GetString());
        await Eventually.TrueAsync(
            async () => (await stack.Client.GetFromJsonAsync(new Uri("/api/v1/events?type=reboot&serverId=srv-01", UriKind.Relative), ApiJsonContext.Default.PageDtoEventDto))!
                .Items.Any(e => e.ProducerId == sw),
            "the switch's reboot event reached central");
    }

    [Fact]
    public async Task HangingSwitch_OthersStatusNotDelayed_ItGoesOfflineWithReasonAndItsRebootFails()
    {
        await using var stack = await StartAsync();
        const string hung = "srv-01.sw-01";
        const string other = "srv-01.sw-02";
        await Eventually.TrueAsync(async () => await BootCountAsync(stack, other) == 1 && await BootCountAsync(stack, hung) == 1, "both switches polled over HTTP");
        using (var hang = await stack.PostAsync($"/dev/sim/switches/{hung}/hang", """{"hung":true}"""))
        {
            Assert.Equal(HttpStatusCode.OK, hang.StatusCode);
        }

        await Eventually.TrueAsync(async () => await HealthAsync(stack, hung) == "offline", "the hanging switch is offline");
        var reason = (await stack.ProducerAsync(hung))!.Value.GetProperty("state").GetProperty("reason").GetString();
        Assert.Contains("no answer within", reason, StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        using (var set = await stack.PostAsync($"/dev/sim/producers/{other}", """{"health":"degraded"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        await Eventually.TrueAsync(async () => await HealthAsync(stack, other) == "degraded", "the other switch's change reached central");
        var elapsed = clock.Elapsed;
        output.WriteLine($"With {hung} hanging, {other}'s change reached the API in {elapsed.TotalMilliseconds:0} ms (poll interval 2 s, edge period 0.5 s).");
        // At most one poll interval plus a write and an upload: the hung endpoint's 1 s timeouts do not add up in front of it.
        Assert.True(elapsed < TimeSpan.FromSeconds(4), $"took {elapsed}");

        var reboot = await stack.CommandCompletedAsync(await stack.SubmitCommandAsync($$"""{"action":"reboot","producerId":"{{hung}}"}"""));
        Assert.Equal("failed", reboot.Status);
        Assert.Contains("no answer within", reboot.Result, StringComparison.Ordinal);
    }

    private static Task<StackHarness> StartAsync() => StackHarness.StartAsync(
        o => o with { Period = TimeSpan.FromMilliseconds(500), HeartbeatTimeout = TimeSpan.FromSeconds(10), ChangeRate = 0 });

    private static async Task<int?> BootCountAsync(StackHarness stack, string producerId) =>
        await stack.ProducerAsync(producerId) is { } p && p.GetProperty("state") is { ValueKind: JsonValueKind.Object } state
            && state.TryGetProperty("bootCount", out var count) ? count.GetInt32() : null;

    private static async Task<string?> HealthAsync(StackHarness stack, string producerId) =>
        (await stack.ProducerAsync(producerId))?.GetProperty("health").GetString();

    private static async Task<JsonElement> SwitchAsync(StackHarness stack, string switchId) =>
        await stack.Client.GetFromJsonAsync<JsonElement>(new Uri($"/dev/sim/switches/{switchId}", UriKind.Relative));
}
