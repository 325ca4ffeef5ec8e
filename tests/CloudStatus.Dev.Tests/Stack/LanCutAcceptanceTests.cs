using System.Net;
using System.Text.Json;
using CloudStatus.Dev.Tests.Hub;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>
/// A cut LAN between the two servers of a duplexed pair while both still reach central (ADRs 120, 147, 170), observed
/// only through the API and polled throughout: each producer keeps one owner; each server's <c>peerLoss</c> claim shows
/// and is not believed while central hears the other; the primary dying while the LAN is cut is taken over on the peer
/// link; after the LAN is mended, the former holder misses the handback while its uplink is down and reports srv-01's
/// subtree under its stale token when it is back: refused and counted, then told again, and nothing it observed is lost.
/// </summary>
public sealed class LanCutAcceptanceTests
{
    private static readonly TimeSpan SuspectAfter = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task CutLan_ClaimsNotBelievedWhileHeard_StaleTokenRefusedAndCounted_NothingLost()
    {
        await using var stack = await StackHarness.StartAsync(
            o => o with { Period = TimeSpan.FromMilliseconds(300), HeartbeatTimeout = TimeSpan.FromSeconds(12), ChangeRate = 0, Pairs = true, SipPhones = false },
            settings: new Dictionary<string, string>
            {
                ["CloudStatus:Central:Leases:PeerSuspectAfter"] = SuspectAfter.ToString("c"),
                ["CloudStatus:Central:Leases:HandbackHoldoff"] = "00:00:01",
            });
        var devices = new[] { "srv-01", "srv-02" }
            .SelectMany(s => stack.Fleet.FindServer(s)!.Equipment.ProducerIds.Where(id => id.Contains(".dev-", StringComparison.Ordinal)))
            .ToList();
        await Eventually.TrueAsync(
            async () => (await OwnersAsync(stack, devices)).All(o => o.ReportedBy == 2 && devices.Contains(o.Id) && o.Id.StartsWith(o.Owner + ".", StringComparison.Ordinal)),
            "both servers report every device of the pair, each owned by its own server",
            TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(
            async () => (await stack.ServerAsync("srv-01"))?.Failover?.Holder == "srv-01" && (await stack.ServerAsync("srv-02"))?.Failover?.Holder == "srv-02",
            "both leases held by their primaries");
        var total = await RollupReads.SettledTotalAsync(stack);
        var observe = new Observer(stack, devices, total);

        await PostOkAsync(stack, "/dev/sim/lan", """{"a": "srv-01", "b": "srv-02", "cut": true}""");
        await Eventually.TrueAsync(
            async () => await observe.OnceAsync() && (await stack.ServerAsync("srv-02"))!.PeerLoss?.Peer == "srv-01" && (await stack.ServerAsync("srv-01"))!.PeerLoss?.Peer == "srv-02",
            "each server reports over its batches that the other stopped answering on the LAN");

        // Longer than PeerSuspectAfter: a claim central would believe of a primary it did not hear.
        var claims = DateTime.UtcNow;
        while (DateTime.UtcNow - claims < SuspectAfter + TimeSpan.FromSeconds(2))
        {
            Assert.True(await observe.OnceAsync());
            var (one, two) = (await stack.ServerAsync("srv-01"), await stack.ServerAsync("srv-02"));
            Assert.Equal(("srv-02", "srv-01"), (one!.PeerLoss?.Peer, two!.PeerLoss?.Peer)); // still claimed…
            Assert.Equal(("srv-01", 1L, 0L), (one.Failover!.Holder, one.Failover.Token, one.Failover.Takeovers)); // …never believed
            Assert.Equal(("srv-02", 1L, 0L), (two.Failover!.Holder, two.Failover.Token, two.Failover.Takeovers));
        }

        // The primary dies while the LAN is cut: now central does not hear it either, and the peer's claim is believed.
        await PostOkAsync(stack, "/dev/sim/servers/srv-01/stop");
        await Eventually.TrueAsync(
            async () => await observe.OnceAsync() && (await stack.ServerAsync("srv-01"))!.Failover is { Holder: "srv-02", Token: 2, Signal: "peer-link" },
            "srv-02 took srv-01's lease on the peer-link signal");
        await Eventually.TrueAsync(
            async () => await observe.OnceAsync() && (await OwnersAsync(stack, devices)).All(o => o.Owner == "srv-02"),
            "srv-02 owns srv-01's devices");
        await PresentsCurrentTokensAsync(stack, observe, "srv-02"); // told: token 2 for srv-01's subtree

        await PostOkAsync(stack, "/dev/sim/lan", """{"a": "srv-01", "b": "srv-02", "cut": false}""");

        // srv-02's uplink drops; meanwhile srv-01 returns and gets its lease back, and the call telling srv-02 cannot reach it.
        await PostOkAsync(stack, "/dev/sim/servers/srv-02/uplink", """{"up": false}""");
        var before = (await stack.ServerAsync("srv-02"))!.Ingest;
        var changed = stack.Fleet.FindServer("srv-02")!.Equipment.ProducerIds.First(id => id.Contains(".dev-", StringComparison.Ordinal));
        await PostOkAsync(stack, $"/dev/sim/producers/{changed}", """{"health": "degraded"}""");
        await PostOkAsync(stack, "/dev/sim/servers/srv-01/start");
        await Eventually.TrueAsync(
            async () => await observe.OnceAsync() && (await stack.ServerAsync("srv-01"))!.Failover is { Holder: "srv-01", Token: 3, Handbacks: 1 },
            "srv-01 got its lease back under token 3");

        await PostOkAsync(stack, "/dev/sim/servers/srv-02/uplink", """{"up": true}""");
        await Eventually.TrueAsync(
            async () => await observe.OnceAsync() && (await stack.ServerAsync("srv-02"))!.Ingest.Fenced > before.Fenced,
            "srv-02's batches under its stale token 2 for srv-01's subtree were refused and counted");
        await PresentsCurrentTokensAsync(stack, observe, "srv-02"); // told again: it holds only its own lease
        var after = (await stack.ServerAsync("srv-02"))!;
        Assert.InRange(after.Ingest.Fenced - before.Fenced, 1, 20); // a few batches in flight, not every batch from then on
        Assert.Equal(("srv-02", 1L), (after.Failover!.Holder, after.Failover.Token)); // its own lease never moved

        // Nothing lost: what srv-02 observed while it was fenced reaches central through the resync, owned by srv-02.
        await Eventually.TrueAsync(
            async () => await observe.OnceAsync() && await stack.ProducerAsync(changed) is { } p
                && p.GetProperty("health").GetString() == "degraded" && p.GetProperty("owner").GetString() == "srv-02",
            $"{changed}'s change made while srv-02 was cut off and fenced reached central");
        await Eventually.TrueAsync(
            async () => await observe.OnceAsync() && (await OwnersAsync(stack, devices)).All(o => o.Id.StartsWith(o.Owner + ".", StringComparison.Ordinal) && !o.Stale)
                && (await stack.ServerAsync("srv-01"))!.PeerLoss is null && (await stack.ServerAsync("srv-02"))!.PeerLoss is null,
            "every device back with its own server, none stale, and the mended LAN claims nothing");
        Assert.Equal(total, await RollupReads.TotalAsync(stack));
    }

    private static async Task PostOkAsync(StackHarness stack, string path, string? json = null)
    {
        using var response = await stack.PostAsync(path, json);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The server's batches keep being applied and none is fenced (it presents only current tokens).</summary>
    private static Task PresentsCurrentTokensAsync(StackHarness stack, Observer observe, string serverId) =>
        Eventually.TrueAsync(
            async () =>
            {
                var before = (await stack.ServerAsync(serverId))!.Ingest;
                Assert.True(await observe.OnceAsync());
                await Task.Delay(TimeSpan.FromSeconds(1.5));
                var after = (await stack.ServerAsync(serverId))!.Ingest;
                return after.Batches >= before.Batches + 2 && after.Fenced == before.Fenced;
            },
            $"{serverId}'s batches applied with no fencing refusal",
            TimeSpan.FromSeconds(20));

    private static async Task<List<(string Id, string Owner, int ReportedBy, bool Stale)>> OwnersAsync(StackHarness stack, IEnumerable<string> producers)
    {
        var result = new List<(string, string, int, bool)>();
        foreach (var id in producers)
        {
            if (await stack.ProducerAsync(id) is not { } p || p.GetProperty("owner").ValueKind != JsonValueKind.String)
            {
                result.Add((id, string.Empty, 0, true));
                continue;
            }

            result.Add((id, p.GetProperty("owner").GetString()!, p.GetProperty("reportedBy").GetArrayLength(), p.GetProperty("stale").GetBoolean()));
        }

        return result;
    }

    /// <summary>One observation of the invariants that hold at every poll: one owner of the pair per device, roll-ups unchanged.</summary>
    private sealed class Observer(StackHarness stack, IReadOnlyList<string> devices, long total)
    {
        public async Task<bool> OnceAsync()
        {
            var owners = await OwnersAsync(stack, devices);
            Assert.All(owners, o => Assert.Contains(o.Owner, new[] { "srv-01", "srv-02" }));
            Assert.Equal(total, await RollupReads.TotalAsync(stack));
            return true;
        }
    }
}
