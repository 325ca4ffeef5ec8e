using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Functions.Api;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>
/// Issue 17, identity, on the running dev stack: an add that names the MAC of a device not plugged in yet waits at the
/// edge; when a switch with that MAC is plugged into an empty management slot, the edge matches it by MAC and applies
/// the configuration through the switch's own HTTP endpoint. The command stays <c>waiting</c> until then and ends
/// <c>succeeded</c> only once the equipment took the configuration (ADR 141), or <c>timedOut</c> past its deadline.
/// Observed through the API and the dev route that shows what the simulated switch's endpoint received.
/// </summary>
public sealed class IdentityAcceptanceTests
{
    // Central asks a waiting command again every second (the default is a minute).
    private static readonly Dictionary<string, string> QuickRecheck = new()
    {
        ["CloudStatus:Central:Dispatch:RescanInterval"] = "00:00:01",
        ["CloudStatus:Central:Dispatch:WaitingRecheck"] = "00:00:01",
    };

    [Fact]
    public async Task Add_MatchedByMacOfADevicePluggedLater_ConfigurationReachedThatDevicesEndpoint()
    {
        await using var stack = await StackHarness.StartAsync(
            o => o with { Period = TimeSpan.FromMilliseconds(500), HeartbeatTimeout = TimeSpan.FromSeconds(10), ChangeRate = 0 }, settings: QuickRecheck);
        const string slot = "srv-01.sw-slot-1";
        await Eventually.TrueAsync(async () => await stack.ProducerAsync("srv-01.sw-01") is not null, "srv-01's switches were polled");

        var commandId = await stack.SubmitCommandAsync("""
            {"action":"add","producerId":"srv-01.sw-new","serverId":"srv-01","kind":"switch","parentId":"srv-01",
             "config":{"vlan":42,"name":"lobby"},"match":{"mac":"02-AA-BB-CC-DD-01"}}
            """);
        await Eventually.TrueAsync(async () => (await CommandAsync(stack, commandId)).Status == "waiting", "the edge took the add and waits for the device");
        await Task.Delay(TimeSpan.FromSeconds(2)); // asked again at least once meanwhile: still waiting, not succeeded
        var waiting = await CommandAsync(stack, commandId);
        Assert.Equal("waiting", waiting.Status);
        Assert.Contains("MAC 02:aa:bb:cc:dd:01", waiting.Result, StringComparison.Ordinal);
        Assert.Null(await stack.ProducerAsync(slot)); // an empty slot is not a producer

        using (var plugged = await stack.PostAsync($"/dev/sim/producers/{slot}/plug", """{"kind":"switch","parentId":"srv-01","mac":"02:aa:bb:cc:dd:01"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, plugged.StatusCode);
        }

        var add = await stack.CommandCompletedAsync(commandId);
        Assert.Equal("succeeded", add.Status);
        Assert.Contains($"applied to '{slot}' when it showed up (matched by MAC 02:aa:bb:cc:dd:01)", add.Result, StringComparison.Ordinal);
        Assert.Equal(1, (await SwitchAsync(stack, slot)).GetProperty("configsReceived").GetInt32()); // succeeded only after the endpoint took it

        var endpoint = await SwitchAsync(stack, slot);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"vlan":42,"name":"lobby"}"""), JsonNode.Parse(endpoint.GetProperty("config").GetRawText())));

        await Eventually.TrueAsync(
            async () => await stack.ProducerAsync(slot) is { } p && p.GetProperty("config").ValueKind == JsonValueKind.Object
                && p.GetProperty("config").TryGetProperty("vlan", out var vlan) && vlan.GetInt32() == 42,
            "central shows the plugged switch with the added configuration");
        var producer = (await stack.ProducerAsync(slot))!.Value;
        Assert.Equal("02:aa:bb:cc:dd:01", producer.GetProperty("mac").GetString());
        Assert.Equal(endpoint.GetProperty("ip").GetString(), producer.GetProperty("ip").GetString());
    }

    [Fact]
    public async Task Add_ForADeviceThatNeverShowsUp_TimedOutPastItsDeadlineWithTheReason()
    {
        var settings = new Dictionary<string, string>(QuickRecheck)
        {
            ["CloudStatus:Central:Commands:MethodTimeout"] = "00:00:05",
            ["CloudStatus:Central:Commands:Deadline"] = "00:00:10",
        };
        await using var stack = await StackHarness.StartAsync(o => o with { Period = TimeSpan.FromMilliseconds(500), ChangeRate = 0 }, settings: settings);
        await Eventually.TrueAsync(async () => await stack.ProducerAsync("srv-01.sw-01") is not null, "srv-01's switches were polled");

        var commandId = await stack.SubmitCommandAsync("""
            {"action":"add","producerId":"srv-01.sw-never","serverId":"srv-01","kind":"switch","parentId":"srv-01","config":{"vlan":7},"match":{"mac":"02:aa:bb:cc:dd:09"}}
            """);
        await Eventually.TrueAsync(async () => (await CommandAsync(stack, commandId)).Status == "waiting", "the edge took the add and waits for the device");

        var done = await stack.CommandCompletedAsync(commandId);
        Assert.Equal("timedOut", done.Status);
        Assert.Contains("deadline", done.Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plug_SwitchOutsideASlotOrWithABadMac_IsRefusedWithTheReason()
    {
        await using var stack = await StackHarness.StartAsync(o => o);

        using var notASlot = await stack.PostAsync("/dev/sim/producers/srv-01.sw-99/plug", """{"kind":"switch","parentId":"srv-01"}""");
        using var badMac = await stack.PostAsync("/dev/sim/producers/srv-01.sw-slot-2/plug", """{"kind":"switch","parentId":"srv-01","mac":"02:aa:bb"}""");

        Assert.Equal(HttpStatusCode.Conflict, notASlot.StatusCode);
        Assert.Contains("srv-01.sw-slot-1", await notASlot.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badMac.StatusCode);
        Assert.Contains("six hex pairs", await badMac.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<CommandDto> CommandAsync(StackHarness stack, string commandId) =>
        (await stack.Client.GetFromJsonAsync(new Uri($"/api/v1/commands/{commandId}", UriKind.Relative), ApiJsonContext.Default.CommandDto))!;

    private static async Task<JsonElement> SwitchAsync(StackHarness stack, string switchId)
    {
        using var response = await stack.Client.GetAsync(new Uri($"/dev/sim/switches/{switchId}", UriKind.Relative));
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone()
            : JsonDocument.Parse("""{"configsReceived":0}""").RootElement.Clone();
    }
}
