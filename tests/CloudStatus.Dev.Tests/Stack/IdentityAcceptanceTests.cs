using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudStatus.Dev.Tests.Hub;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>
/// Issue 17, identity, on the running dev stack: an add that names the MAC of a device not plugged in yet waits at the
/// edge; when a switch with that MAC is plugged into an empty management slot, the edge matches it by MAC and applies
/// the configuration through the switch's own HTTP endpoint. Observed through the API and the dev route that shows
/// what the simulated switch's endpoint received.
/// </summary>
public sealed class IdentityAcceptanceTests
{
    [Fact]
    public async Task Add_MatchedByMacOfADevicePluggedLater_ConfigurationReachedThatDevicesEndpoint()
    {
        await using var stack = await StackHarness.StartAsync(
            o => o with { Period = TimeSpan.FromMilliseconds(500), HeartbeatTimeout = TimeSpan.FromSeconds(10), ChangeRate = 0 });
        const string slot = "srv-01.sw-slot-1";
        await Eventually.TrueAsync(async () => await stack.ProducerAsync("srv-01.sw-01") is not null, "srv-01's switches were polled");

        var add = await stack.CommandCompletedAsync(await stack.SubmitCommandAsync("""
            {"action":"add","producerId":"srv-01.sw-new","serverId":"srv-01","kind":"switch","parentId":"srv-01",
             "config":{"vlan":42,"name":"lobby"},"match":{"mac":"02-AA-BB-CC-DD-01"}}
            """));
        Assert.Equal("succeeded", add.Status);
        Assert.Contains("MAC 02:aa:bb:cc:dd:01", add.Result, StringComparison.Ordinal);
        Assert.Null(await stack.ProducerAsync(slot)); // an empty slot is not a producer

        using (var plugged = await stack.PostAsync($"/dev/sim/producers/{slot}/plug", """{"kind":"switch","parentId":"srv-01","mac":"02:aa:bb:cc:dd:01"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, plugged.StatusCode);
        }

        await Eventually.TrueAsync(
            async () => (await SwitchAsync(stack, slot)).GetProperty("configsReceived").GetInt32() == 1,
            "the plugged switch's endpoint received PUT /config");
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

    private static async Task<JsonElement> SwitchAsync(StackHarness stack, string switchId)
    {
        using var response = await stack.Client.GetAsync(new Uri($"/dev/sim/switches/{switchId}", UriKind.Relative));
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone()
            : JsonDocument.Parse("""{"configsReceived":0}""").RootElement.Clone();
    }
}
