using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CloudStatus.Dev.Tests.Hub;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>
/// Issue 14: the dev stack's own modules run with the module twin on. Each server's equipment section is in its
/// module's desired properties on the dev hub, the node takes it from there and reports what it took; a desired
/// change that is malformed is refused as a whole and reported back, the node going on with what it had. Observed
/// through the dev hub's twin routes and the API, as an operator would.
/// </summary>
public sealed class DevTwinAcceptanceTests
{
    private const string TwinPath = "/dev/hub/devices/srv-01/modules/cloudstatus/twin";

    [Fact]
    public async Task DevNodes_EquipmentFromTheTwin_ReportedBack_MalformedPatchRefusedAsAWhole()
    {
        await using var stack = await StackHarness.StartAsync(
            o => o with { Period = TimeSpan.FromMilliseconds(500), HeartbeatTimeout = TimeSpan.FromSeconds(10), ChangeRate = 0 });

        await Eventually.TrueAsync(async () => (string?)(await ConfigAsync(stack))?["status"] == "applied", "srv-01 reported its twin configuration applied");
        var twin = (await stack.Client.GetFromJsonAsync<JsonObject>(TwinPath))!;
        var desired = twin["desired"]!["equipment"]!.AsObject();
        Assert.Equal(["sw-01", "sw-02"], desired.Where(e => (string?)e.Value!["adapter"] == "http" && !e.Key.Contains("slot", StringComparison.Ordinal)).Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal("srv-01.sw-01", (string?)desired["sw-01"]!["producerId"]);

        // The phones and trunks are sip entries of the same section (ADR 88, 140), each pointed at the server's SIP socket.
        var phones = desired.Where(e => (string?)e.Value!["adapter"] == "sip").ToList();
        Assert.Equal(stack.Fleet.FindServer("srv-01")!.Equipment.SipEquipment.Select(p => p.Id).Order(StringComparer.Ordinal), phones.Select(e => (string)e.Value!["producerId"]!).Order(StringComparer.Ordinal));
        Assert.Equal("trunk", (string?)desired["sw-01-trunk-1"]!["kind"]);
        Assert.Equal(stack.Fleet.FindServer("srv-01")!.SipResponder!.UriOf("srv-01.sw-01.dev-001"), (string?)desired["sw-01-dev-001"]!["url"]);
        Assert.Equal((false, true), ((bool?)desired["sw-01"]!["awaitFirstAnswer"], (bool?)desired["sw-slot-1"]!["awaitFirstAnswer"]));
        var config = (await ConfigAsync(stack))!;
        Assert.Equal((string?)desired["sw-01"]!["url"], (string?)config["effective"]!["equipment"]!["sw-01"]!["url"]);
        Assert.Equal("srv-01", stack.Fleet.FindServer("srv-01")!.Node.Options.Equipment["sw-01"].ParentId);
        await Eventually.TrueAsync(async () => await stack.KnowsProducerAsync("srv-01.sw-02"), "the switches named by the twin are polled and reach central");
        var applied = (long)config["appliedVersion"]!;

        using (var patch = new HttpRequestMessage(HttpMethod.Patch, TwinPath + "/desired")
        {
            Content = new StringContent("""{"equipment":{"sw-02":{"producerId":"srv-01.sw-02","kind":"switch","url":"ftp://nowhere/"}}}""", Encoding.UTF8, "application/json"),
        })
        {
            using var response = await stack.Client.SendAsync(patch);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Eventually.TrueAsync(async () => (string?)(await ConfigAsync(stack))?["status"] == "rejected", "the malformed equipment section was refused and reported");
        var rejected = (await ConfigAsync(stack))!;
        Assert.Contains("equipment.sw-02.url", rejected["errors"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(applied, (long)rejected["appliedVersion"]!);
        Assert.Equal(desired["sw-02"]!["url"]!.GetValue<string>(), stack.Fleet.FindServer("srv-01")!.Node.Options.Equipment["sw-02"].Url!.ToString());
    }

    private static async Task<JsonObject?> ConfigAsync(StackHarness stack) =>
        (await stack.Client.GetFromJsonAsync<JsonObject>(TwinPath))?["reported"]?["config"] as JsonObject;
}
