using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Functions.Api;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>Commands (C6, E9) through the running stack: API → dev hub direct method → edge → heap → batch → central.</summary>
public sealed class DevStackCommandTests
{
    [Fact]
    public async Task Add_DeviceWithConfig_AppearsWithThatConfigOnceItShowsUp_FailedWhenNoAdapterCanConfigureIt()
    {
        await using var stack = await StartAsync(settings: new Dictionary<string, string>
        {
            ["CloudStatus:Central:Dispatch:RescanInterval"] = "00:00:01",
            ["CloudStatus:Central:Dispatch:WaitingRecheck"] = "00:00:01",
        });
        const string device = "srv-01.sw-01.dev-900";

        var command = await SubmitAsync(stack, $$$"""{"action":"add","serverId":"srv-01","producerId":"{{{device}}}","kind":"device","parentId":"srv-01.sw-01","config":{"extension":"4900","vlan":12}}""");
        await Eventually.TrueAsync(
            async () => (await stack.Client.GetFromJsonAsync(new Uri($"/api/v1/commands/{command}", UriKind.Relative), ApiJsonContext.Default.CommandDto))!.Status == "waiting",
            "the edge took the add and waits for the device");

        // A plugged phone is pushed by the element manager (ADR 140): nothing of this module can configure it, so the
        // command ends failed with why, while the heap (and so central) keeps the configuration.
        using (var plugged = await stack.PostAsync($"/dev/sim/producers/{device}/plug", """{"kind":"device","parentId":"srv-01.sw-01"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, plugged.StatusCode);
        }

        var done = await stack.CommandCompletedAsync(command);
        Assert.Equal("failed", done.Status);
        Assert.Contains("no adapter of this module can configure it", done.Result, StringComparison.Ordinal);

        await Eventually.TrueAsync(async () => (await stack.ProducerAsync(device)) is { } p && p.GetProperty("config").ValueKind == JsonValueKind.Object, $"{device} is central with its config");
        var producer = (await stack.ProducerAsync(device))!.Value;
        Assert.Equal("4900", producer.GetProperty("config").GetProperty("extension").GetString());
        Assert.Equal(12, producer.GetProperty("config").GetProperty("vlan").GetInt32());
        Assert.Equal("srv-01.sw-01", producer.GetProperty("parentId").GetString());
    }

    [Fact]
    public async Task Delete_Switch_FlagsItAndItsDevicesThenTheyAreGone()
    {
        await using var stack = await StartAsync(tombstoneRetention: TimeSpan.FromSeconds(2));

        // The phones appear with their first OPTIONS answer (ADR 88): the whole subtree is known before it is deleted.
        await Eventually.TrueAsync(
            async () => (await stack.ProducersAsync("srv-01")).Count(p => p.ProducerId.StartsWith("srv-01.sw-02", StringComparison.Ordinal)) == 7,
            "the switch and everything under it reported");
        var command = await SubmitAsync(stack, """{"action":"delete","producerId":"srv-01.sw-02"}""");
        Assert.Equal("succeeded", (await stack.CommandCompletedAsync(command)).Status);

        await Eventually.TrueAsync(
            async () => (await stack.ProducersAsync("srv-01")).Where(p => p.ProducerId.StartsWith("srv-01.sw-02", StringComparison.Ordinal)) is var subtree
                        && subtree.Count() == 7 && subtree.All(p => p.Deleted),
            "the switch, its two trunks, fan and three devices are flagged deleted centrally");
        Assert.All((await stack.ProducersAsync("srv-01")).Where(p => !p.ProducerId.StartsWith("srv-01.sw-02", StringComparison.Ordinal)), p => Assert.False(p.Deleted));

        await Eventually.TrueAsync(
            async () => !(await stack.ProducersAsync("srv-01")).Any(p => p.ProducerId.StartsWith("srv-01.sw-02", StringComparison.Ordinal)),
            "the tombstones are cleaned up",
            TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.NotFound, (await stack.Client.GetAsync(new Uri("/api/v1/producers/srv-01.sw-02", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Resync_Server_Succeeds()
    {
        await using var stack = await StartAsync();

        var command = await SubmitAsync(stack, """{"action":"resync","producerId":"srv-02"}""");

        Assert.Equal("succeeded", (await stack.CommandCompletedAsync(command)).Status);
    }

    [Fact]
    public async Task Commands_EveryOne_HasItsAuditRecord()
    {
        await using var stack = await StartAsync();
        var command = await SubmitAsync(stack, """{"action":"reboot","producerId":"srv-02.sw-01","idempotencyKey":"audit-1"}""");
        var again = await SubmitAsync(stack, """{"action":"reboot","producerId":"srv-02.sw-01","idempotencyKey":"audit-1"}""");

        var done = await stack.CommandCompletedAsync(command);

        Assert.Equal(command, again);
        Assert.Equal(("reboot", "srv-02.sw-01", "srv-02", "succeeded"), (done.Action, done.ProducerId, done.ServerId, done.Status));
        Assert.False(string.IsNullOrEmpty(done.RequestedBy));
        Assert.NotNull(done.CompletedAt);
        Assert.True(done.CompletedAt >= done.RequestedAt);
        Assert.False(string.IsNullOrEmpty(done.Result));
    }

    private static Task<StackHarness> StartAsync(TimeSpan? tombstoneRetention = null, IReadOnlyDictionary<string, string>? settings = null) => StackHarness.StartAsync(
        o => o with { Period = TimeSpan.FromMilliseconds(500), HeartbeatTimeout = TimeSpan.FromSeconds(10), ChangeRate = 0 },
        tombstoneRetention,
        settings);

    private static async Task<string> SubmitAsync(StackHarness stack, string json)
    {
        await Eventually.TrueAsync(async () => await stack.KnowsProducerAsync("srv-02.sw-01") && await stack.KnowsProducerAsync("srv-01.sw-02"), "both servers reported, switches included");
        return await stack.SubmitCommandAsync(json);
    }
}
