using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CloudStatus.Core.Model;
using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Functions.Api;

namespace CloudStatus.Dev.Tests.Stack;

/// <summary>
/// The acceptance points of the walking skeleton, through the running stack's HTTP API and the real MQTT path.
/// Real time (the whole stack runs): waits are bounded polls, and every bound is a multiple of the setting under test.
/// </summary>
public sealed class DevStackAcceptanceTests
{
    [Fact]
    public async Task Reboot_OnSwitch_SucceedsAndItsEventArrivesWellBeforeAPeriod()
    {
        await using var stack = await StackHarness.StartAsync(o => o with { Period = TimeSpan.FromSeconds(30), ChangeRate = 0 });
        await Eventually.TrueAsync(async () => await stack.KnowsProducerAsync("srv-01.sw-01"), "srv-01 reported its switch");

        var clock = Stopwatch.StartNew();
        using var submitted = await stack.PostAsync("/api/v1/commands", """{"producerId":"srv-01.sw-01","action":"reboot"}""");
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        var commandId = (await submitted.Content.ReadFromJsonAsync(ApiJsonContext.Default.CommandAcceptedDto))!.CommandId;

        await Eventually.TrueAsync(
            async () => (await stack.Client.GetFromJsonAsync(new Uri($"/api/v1/commands/{commandId}", UriKind.Relative), ApiJsonContext.Default.CommandDto))!.Status == "succeeded",
            "the reboot command succeeded");
        await Eventually.TrueAsync(
            async () => (await stack.Client.GetFromJsonAsync(new Uri("/api/v1/events?type=reboot&serverId=srv-01", UriKind.Relative), ApiJsonContext.Default.PageDtoEventDto))!
                .Items.Any(e => e.ProducerId == "srv-01.sw-01"),
            "the switch's reboot event reached central");

        // Asynchronous, not periodic: the event came up long before the 30 s period could have carried it.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"reboot event took {clock.Elapsed}");
    }

    [Fact]
    public async Task ChangeRateZero_AfterStartup_OnlyHeartbeatsGoUp()
    {
        await using var stack = await StackHarness.StartAsync(o => o with { Period = TimeSpan.FromMilliseconds(300), ChangeRate = 0 });
        var expected = stack.Fleet.FindServer("srv-01")!.Equipment.ProducerIds.Count;
        await Eventually.TrueAsync(async () => (await stack.ServerAsync("srv-01"))?.Ingest.Records >= expected, "srv-01's start-up state arrived");

        // Phones appear through their SIP answers (ADR 88): settled once each has answered and reported its round trip.
        await Eventually.TrueAsync(
            async () => (await stack.ProducersAsync("srv-01")).Where(p => p.Kind == "device").All(p => p.Health == Health.Online && p.State?.Contains("\"sipStatus\":200", StringComparison.Ordinal) == true),
            "srv-01's phones answered OPTIONS");
        await Eventually.TrueAsync(
            async () => (await stack.ServerAsync("srv-01"))!.Ingest.Batches >= 3,
            "srv-01 sent its start-up batches");
        var before = (await stack.ServerAsync("srv-01"))!.Ingest;

        await Eventually.TrueAsync(async () => (await stack.ServerAsync("srv-01"))!.Ingest.Batches >= before.Batches + 5, "five more heartbeats arrived");

        var after = (await stack.ServerAsync("srv-01"))!.Ingest;
        Assert.Equal(before.Records, after.Records);
        Assert.True(after.Bytes > before.Bytes);
    }

    [Fact]
    public async Task StoppedServer_GoesOfflineWithinTimeoutAndReturnsWithNothingLostOrDuplicated()
    {
        var timeout = TimeSpan.FromSeconds(2);
        await using var stack = await StackHarness.StartAsync(o => o with { Period = TimeSpan.FromMilliseconds(300), HeartbeatTimeout = timeout, ChangeRate = 0 });
        var server = stack.Fleet.FindServer("srv-02")!;
        await Eventually.TrueAsync(async () => (await stack.ServerAsync("srv-02"))?.Online == true, "srv-02 is online");

        // A change right before the server goes dark: whether or not it got out, it must end up central.
        using (var changed = await stack.PostAsync("/dev/sim/producers/srv-02.sw-01.dev-001", """{"health":"degraded"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }

        using (var stopped = await stack.PostAsync("/dev/sim/servers/srv-02/stop"))
        {
            Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        }

        var dark = Stopwatch.StartNew();
        await Eventually.TrueAsync(async () => (await stack.ServerAsync("srv-02"))!.Online == false, "srv-02 is offline", timeout * 4);
        var offline = await stack.ServerAsync("srv-02");
        Assert.True(dark.Elapsed < timeout * 2, $"offline after {dark.Elapsed}; timeout {timeout} plus one sweep expected");
        Assert.True(offline!.Stale > 0, "a dark server's producers are reported stale");
        Assert.True((await stack.ServerAsync("srv-01"))!.Online, "the other server stays online");

        using (var started = await stack.PostAsync("/dev/sim/servers/srv-02/start"))
        {
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        }

        await Eventually.TrueAsync(
            async () => await stack.ServerAsync("srv-02") is { Online: true, Stale: 0 } back && back.Watermark == server.Node.Heap.MaxSeq,
            "srv-02 is back, fresh and caught up");
        var central = await stack.ProducersAsync("srv-02");
        var heap = server.Node.Heap.Records();
        Assert.Equal(heap.Count, central.Count);
        Assert.Equal(central.Count, central.Select(p => p.ProducerId).Distinct().Count());
        foreach (var record in heap)
        {
            var row = Assert.Single(central, p => p.ProducerId == record.ProducerId);
            Assert.Equal(record.Seq, row.Seq);
            Assert.Equal(record.Health, row.Health);
        }

        Assert.Equal(Health.Degraded, central.Single(p => p.ProducerId == "srv-02.sw-01.dev-001").Health);
    }
}
