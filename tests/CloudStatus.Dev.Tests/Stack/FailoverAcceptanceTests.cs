using System.Diagnostics;
using System.Net;
using System.Text.Json;
using CloudStatus.Dev.Tests.Hub;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>
/// Fenced failover of a duplexed pair (<c>--pairs</c>, ADR 120) observed only through the API, polled throughout:
/// srv-01 and srv-02 both see srv-01's pushed equipment (ADR 140); killing srv-01 moves its producers to srv-02 within the
/// heartbeat timeout and a sweep, with roll-up counts unchanged; srv-01's return hands them back.
/// </summary>
public sealed class FailoverAcceptanceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task KillPrimary_PeerReportsItsProducersThenHandback_OneOwnerThroughoutAndCountsUnchanged()
    {
        // The peer sees the primary's devices through the element manager's pushes to both servers (ADRs 120, 140);
        // FleetPathsAcceptanceTests covers the pair over SIP.
        await using var stack = await StackHarness.StartAsync(
            o => o with { Period = TimeSpan.FromMilliseconds(300), HeartbeatTimeout = Timeout, ChangeRate = 0, Pairs = true, SipPhones = false });
        var devices = stack.Fleet.FindServer("srv-01")!.Equipment.ProducerIds.Where(id => id.Contains(".dev-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(devices);
        var primary = stack.Fleet.FindServer("srv-01")!;
        var switches = primary.Switches!.Urls.Keys.Except(primary.Switches.SlotIds).ToList(); // polled over HTTP by srv-01 alone
        Assert.NotEmpty(switches);
        await Eventually.TrueAsync(
            async () => (await OwnersAsync(stack, devices)).All(o => o is { Owner: "srv-01", ReportedBy: 2 }),
            "both servers of the pair report srv-01's devices, srv-01 owns them");
        await Eventually.TrueAsync(async () => (await stack.ServerAsync("srv-01"))?.Failover?.Holder == "srv-01", "srv-01 registered its peer");
        var total = await RollupReads.SettledTotalAsync(stack);

        using (var stopped = await stack.PostAsync("/dev/sim/servers/srv-01/stop"))
        {
            Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        }

        var dark = Stopwatch.StartNew();
        await Eventually.TrueAsync(
            async () =>
            {
                var owners = await OwnersAsync(stack, devices);
                Assert.All(owners, o => Assert.Contains(o.Owner, new[] { "srv-01", "srv-02" })); // exactly one owner at every observation
                Assert.Equal(total, await RollupReads.TotalAsync(stack)); // nothing lost, nothing counted twice
                return owners.All(o => o is { Owner: "srv-02", Stale: false });
            },
            "srv-02 reports srv-01's devices",
            Timeout * 4);
        Assert.True(dark.Elapsed < Timeout * 2 + TimeSpan.FromSeconds(2), $"taken over after {dark.Elapsed}; heartbeat timeout {Timeout} plus one sweep expected");
        // The surrogate (ADR 171): srv-02 polls srv-01's switches itself with the entries it learned over the peer interface.
        await Eventually.TrueAsync(
            async () => (await OwnersAsync(stack, switches)).All(o => o is { Owner: "srv-02", Stale: false }) && await RollupReads.TotalAsync(stack) == total,
            "srv-02 polls srv-01's switches and owns them",
            Timeout * 4);
        var failover = (await stack.ServerAsync("srv-01"))!.Failover!;
        Assert.Equal(("srv-02", 2L, "heartbeat-sweep"), (failover.Holder, failover.Token, failover.Signal));
        await PresentsCurrentTokensAsync(stack, "srv-02"); // told it holds srv-01's lease under token 2 (ADR 148)

        using (var started = await stack.PostAsync("/dev/sim/servers/srv-01/start"))
        {
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        }

        await Eventually.TrueAsync(
            async () =>
            {
                var owners = await OwnersAsync(stack, devices);
                Assert.All(owners, o => Assert.Contains(o.Owner, new[] { "srv-01", "srv-02" }));
                Assert.Equal(total, await RollupReads.TotalAsync(stack));
                return (await stack.ServerAsync("srv-01"))!.Failover is { Holder: "srv-01", Handbacks: 1, Token: 3 } && owners.All(o => o.Owner == "srv-01")
                    && (await OwnersAsync(stack, switches)).All(o => o is { Owner: "srv-01", Stale: false });
            },
            "srv-01 got its producers back",
            TimeSpan.FromSeconds(30));

        // Once told of the handback, neither presents a stale token any more; a stale one in between was refused and counted.
        await PresentsCurrentTokensAsync(stack, "srv-02");
        await PresentsCurrentTokensAsync(stack, "srv-01");
    }

    /// <summary>
    /// The server's batches keep being applied while none is fenced (<c>ingest.fenced</c> holds still): it presents only
    /// tokens central says are current. A server never told of a lease change would be fenced on every batch.
    /// </summary>
    private static Task PresentsCurrentTokensAsync(StackHarness stack, string serverId) =>
        Eventually.TrueAsync(
            async () =>
            {
                var before = (await stack.ServerAsync(serverId))!.Ingest;
                await Task.Delay(TimeSpan.FromSeconds(1.5));
                var after = (await stack.ServerAsync(serverId))!.Ingest;
                return after.Batches >= before.Batches + 2 && after.Fenced == before.Fenced;
            },
            $"{serverId}'s batches applied with no fencing refusal",
            TimeSpan.FromSeconds(20));

    private static async Task<List<(string Owner, int ReportedBy, bool Stale)>> OwnersAsync(StackHarness stack, IEnumerable<string> producers)
    {
        var result = new List<(string, int, bool)>();
        foreach (var id in producers)
        {
            if (await stack.ProducerAsync(id) is not { } p || p.GetProperty("owner").ValueKind != JsonValueKind.String)
            {
                result.Add((string.Empty, 0, true));
                continue;
            }

            result.Add((p.GetProperty("owner").GetString()!, p.GetProperty("reportedBy").GetArrayLength(), p.GetProperty("stale").GetBoolean()));
        }

        return result;
    }
}
