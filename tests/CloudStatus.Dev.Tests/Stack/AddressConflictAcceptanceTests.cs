using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CloudStatus.Dev.Stack;
using CloudStatus.Dev.Tests.Hub;
using Microsoft.Extensions.DependencyInjection;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>
/// Issue 13 on the running dev stack (every site has policy auto): a switch plugged in with an IP another switch of
/// the site already has, and one with a MAC another already has, are both reported at <c>/api/v1/conflicts</c> soon
/// after central first hears them, naming the holder, which keeps its address; the IP conflict is then resolved by
/// readdressing the newcomer from the pool, the simulated router holds the mapping new → old, and the site's servers
/// are told by <c>address</c> commands their edges answer (docs/adr/0150); the MAC one waits for an operator, with why.
/// "Within one period" (issue 13): the edge's reporting period of the stack (<c>--period</c>), measured from the return
/// of each plug request; the element manager announces the plugged switch, so the edge polls it at once (docs/adr/0175).
/// </summary>
public sealed class AddressConflictAcceptanceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Plug_SwitchWithAnIpOrMacInUse_ConflictsReported_IpOneReaddressedAndRouted()
    {
        await using var stack = await StackHarness.StartAsync(
            o => o with { Period = Period, HeartbeatTimeout = TimeSpan.FromSeconds(10), ChangeRate = 0 });
        await Eventually.TrueAsync(async () => await stack.ProducerAsync("srv-01.sw-01") is { } p && p.TryGetProperty("ip", out var known) && known.ValueKind == JsonValueKind.String, "srv-01.sw-01 reported its addresses");
        var holder = (await stack.ProducerAsync("srv-01.sw-01"))!.Value;
        var ip = holder.GetProperty("ip").GetString()!;
        var mac = holder.GetProperty("mac").GetString()!;

        using (var sameIp = await stack.PostAsync("/dev/sim/producers/srv-01.sw-slot-1/plug", $$"""{"kind":"switch","parentId":"srv-01","mac":"02:aa:00:00:00:01","ip":"{{ip}}"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, sameIp.StatusCode);
        }

        var ipPlugged = Stopwatch.StartNew();
        using (var sameMac = await stack.PostAsync("/dev/sim/producers/srv-01.sw-slot-2/plug", $$"""{"kind":"switch","parentId":"srv-01","mac":"{{mac}}","ip":"10.1.250.250"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, sameMac.StatusCode);
        }

        var macPlugged = Stopwatch.StartNew();
        TimeSpan? ipReported = null, macReported = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var kinds = (await ConflictsAsync(stack)).Select(c => c.GetProperty("kind").GetString()).ToList();
                ipReported ??= kinds.Contains("ip") ? ipPlugged.Elapsed : null;
                macReported ??= kinds.Contains("mac") ? macPlugged.Elapsed : null;
                return ipReported is not null && macReported is not null;
            },
            "both conflicts reported");
        output.WriteLine($"conflicts reported {ipReported!.Value.TotalMilliseconds:0} ms (ip) and {macReported!.Value.TotalMilliseconds:0} ms (mac) after their plug returned (period {Period.TotalMilliseconds:0} ms)");
        Assert.True(ipReported < Period, $"the IP conflict was reported {ipReported} after the plug, more than one period ({Period})");
        Assert.True(macReported < Period, $"the MAC conflict was reported {macReported} after the plug, more than one period ({Period})");

        var conflicts = await ConflictsAsync(stack);
        var byIp = conflicts.Single(c => c.GetProperty("kind").GetString() == "ip");
        Assert.Equal(("srv-01.sw-slot-1", "srv-01.sw-01", ip), (byIp.GetProperty("newcomer").GetProperty("producerId").GetString(), byIp.GetProperty("holder").GetProperty("producerId").GetString(), byIp.GetProperty("address").GetString()));
        var byMac = conflicts.Single(c => c.GetProperty("kind").GetString() == "mac");
        Assert.Equal(("srv-01.sw-slot-2", "srv-01.sw-01", mac), (byMac.GetProperty("newcomer").GetProperty("producerId").GetString(), byMac.GetProperty("holder").GetProperty("producerId").GetString(), byMac.GetProperty("address").GetString()));
        Assert.Equal("open", byMac.GetProperty("status").GetString());
        Assert.Equal("manual", byMac.GetProperty("handling").GetString()); // a MAC cannot be readdressed (docs/adr/0150)
        Assert.Contains("cannot be readdressed", byMac.GetProperty("handlingReason").GetString(), StringComparison.Ordinal);
        Assert.True((await stack.ProducerAsync("srv-01.sw-slot-2"))!.Value.GetProperty("conflict").GetBoolean());

        await Eventually.TrueAsync(
            async () => (await ConflictsAsync(stack)).Single(c => c.GetProperty("kind").GetString() == "ip").GetProperty("status").GetString() == "resolved",
            "the IP conflict was resolved automatically");
        var resolved = (await ConflictsAsync(stack)).Single(c => c.GetProperty("kind").GetString() == "ip");
        var newIp = resolved.GetProperty("newAddress").GetString()!;
        Assert.StartsWith("10.250.0.", newIp, StringComparison.Ordinal);
        Assert.Equal("auto", resolved.GetProperty("resolvedBy").GetString());
        var router = stack.Services.GetRequiredService<SimulatedRouter>();
        using (var mapping = JsonDocument.Parse(router.Mappings("site-01")[newIp]))
        {
            Assert.Equal(ip, mapping.RootElement.GetProperty("to").GetString());
        }

        // The newcomer took its new address and tells it; both switches answer (online) at their own addresses.
        await Eventually.TrueAsync(async () => (await stack.ProducerAsync("srv-01.sw-slot-1"))!.Value.GetProperty("ip").GetString() == newIp, "the newcomer reports its new IP");
        Assert.Equal(ip, (await stack.ProducerAsync("srv-01.sw-01"))!.Value.GetProperty("ip").GetString());
        Assert.Equal("online", (await stack.ProducerAsync("srv-01.sw-01"))!.Value.GetProperty("health").GetString());
        Assert.Equal("online", (await stack.ProducerAsync("srv-01.sw-slot-1"))!.Value.GetProperty("health").GetString());
        Assert.False((await stack.ProducerAsync("srv-01.sw-slot-1"))!.Value.GetProperty("conflict").GetBoolean());

        // Propagation (docs/adr/0150): the site's servers were told by address commands, each answered by its edge.
        var notices = resolved.GetProperty("notices").EnumerateArray().Select(n => n.GetString()!).ToList();
        var told = new List<JsonElement>();
        foreach (var id in notices)
        {
            await Eventually.TrueAsync(async () => (await CommandAsync(stack, id)).GetProperty("status").GetString() == "succeeded", $"address command {id} succeeded");
            told.Add(await CommandAsync(stack, id));
        }

        Assert.Contains("srv-01", told.Select(c => c.GetProperty("serverId").GetString()));
        Assert.All(told, c =>
        {
            Assert.Equal(("address", "srv-01.sw-slot-1"), (c.GetProperty("action").GetString(), c.GetProperty("producerId").GetString()));
            Assert.Contains($"is now at {newIp}", c.GetProperty("result").GetString(), StringComparison.Ordinal);
        });
    }

    private static async Task<JsonElement> CommandAsync(StackHarness stack, string id)
    {
        using var response = await stack.Client.GetAsync(new Uri($"/api/v1/commands/{id}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<List<JsonElement>> ConflictsAsync(StackHarness stack)
    {
        using var response = await stack.Client.GetAsync(new Uri("/api/v1/conflicts", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone().EnumerateArray()];
    }
}
