using CloudStatus.Edge.Tests.Support;
using System.Text.Json.Nodes;
using CloudStatus.Edge.Transport;

namespace CloudStatus.Edge.Tests.IotHub;

/// <summary>The transport's module twin against the scripted edgeHub: GET after every connect, desired patches, reported patches.</summary>
public sealed class ModuleTwinTransportTests
{
    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public async Task RunAsync_WithTwinHandler_SubscribesAndHandsOverTheFullDesiredProperties()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        hub.SetDesiredSilently(Json("""{"period":"00:00:10"}"""));
        hub.SetDesiredSilently(Json("""{"chatter":{"threshold":5}}"""));
        var twin = new RecordingTwinHandler();

        await using var running = await RunningTransport.StartAsync(hub, twin: twin);

        await Eventually.TrueAsync(() => !twin.Updates.IsEmpty, "the twin arrived");
        var update = Assert.Single(twin.Updates);
        Assert.True(update.IsComplete);
        Assert.Equal(2, update.Version);
        Assert.True(JsonNode.DeepEquals(Json("""{"period":"00:00:10","chatter":{"threshold":5}}"""), update.Properties));
        Assert.Contains("$iothub/twin/res/#", hub.Subscriptions);
        Assert.Contains("$iothub/twin/PATCH/properties/desired/#", hub.Subscriptions);
        Assert.DoesNotContain("$iothub/methods/POST/#", hub.Subscriptions);
    }

    [Fact]
    public async Task DesiredPatch_WhileConnected_HandedOverInOrderWithItsVersion()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        var twin = new RecordingTwinHandler();
        await using var running = await RunningTransport.StartAsync(hub, twin: twin);
        await Eventually.TrueAsync(() => twin.Updates.Count == 1, "the full twin arrived");

        await hub.SetDesiredAsync(Json("""{"period":"00:00:20"}"""));
        await hub.SetDesiredAsync(Json("""{"period":null,"gzip":false}"""));

        await Eventually.TrueAsync(() => twin.Updates.Count == 3, "both patches arrived");
        var patches = twin.Updates.Skip(1).ToList();
        Assert.All(patches, p => Assert.False(p.IsComplete));
        Assert.Equal([1L, 2L], patches.Select(p => p.Version));
        Assert.True(JsonNode.DeepEquals(Json("""{"period":null,"gzip":false}"""), patches[1].Properties));
    }

    [Fact]
    public async Task UpdateReportedPropertiesAsync_FromTheHandler_AcknowledgedWithTheNewVersion()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        var twin = new RecordingTwinHandler();
        var versions = new List<long>();
        var started = new TaskCompletionSource<RunningTransport>(TaskCreationOptions.RunContinuationsAsynchronously);
        twin.OnUpdate = async (update, ct) =>
        {
            var transport = (await started.Task).Transport;
            versions.Add(await transport.UpdateReportedPropertiesAsync(Json($$"""{"seen":{{update.Version}}}"""), ct));
        };
        hub.SetDesiredSilently(Json("""{"a":1}"""));

        await using (var running = await RunningTransport.StartAsync(hub, twin: twin))
        {
            started.SetResult(running);
            await Eventually.TrueAsync(() => versions.Count == 1, "the handler reported back");
            await hub.SetDesiredAsync(Json("""{"a":2}"""));
            await Eventually.TrueAsync(() => versions.Count == 2, "the handler reported the patch");
        }

        Assert.Equal([1L, 2L], versions);
        Assert.True(JsonNode.DeepEquals(Json("""{"seen":2}"""), hub.Reported));
        Assert.Equal(2, hub.ReportedPatches.Count);
    }

    [Fact]
    public async Task BrokerRestart_TwinFetchedAgain_WithWhatChangedWhileDisconnected()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        var twin = new RecordingTwinHandler();
        await using var running = await RunningTransport.StartAsync(hub, twin: twin);
        await Eventually.TrueAsync(() => twin.Updates.Count == 1, "the full twin arrived");

        await hub.StopAsync();
        await Eventually.TrueAsync(() => !running.Transport.IsConnected, "the transport noticed");
        hub.SetDesiredSilently(Json("""{"period":"00:01:00"}"""));
        await hub.StartAsync();

        await Eventually.TrueAsync(() => twin.Updates.Count == 2, "the twin was fetched again");
        var again = twin.Updates.Last();
        Assert.True(again.IsComplete);
        Assert.Equal(1, again.Version);
        Assert.Equal("00:01:00", (string?)again.Properties["period"]);
        Assert.Equal(2, hub.TwinGets);
    }

    [Fact]
    public async Task RunAsync_TwinGetUnanswered_RetriedWhileTheConnectionCarriesMessages()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        hub.IgnoreTwinGets(1);
        var twin = new RecordingTwinHandler();

        await using var running = await RunningTransport.StartAsync(hub, twin: twin, configure: o => o.OperationTimeout = TimeSpan.FromMilliseconds(300));
        await running.Transport.SendAsync(new OutboundMessage([1], "m-1", "application/json", null, new Dictionary<string, string>()));

        await Eventually.TrueAsync(() => twin.Updates.Count == 1, "the twin arrived on the second GET");
        Assert.Equal(2, hub.TwinGets);
        Assert.Single(hub.Connects);
        Assert.Single(hub.Events);
    }

    [Fact]
    public async Task Handler_Throws_LaterUpdatesStillDelivered()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        var twin = new RecordingTwinHandler();
        twin.FailOnVersions.Add(0);
        await using var running = await RunningTransport.StartAsync(hub, twin: twin);
        await Eventually.TrueAsync(() => twin.Updates.Count == 1, "the full twin arrived");

        await hub.SetDesiredAsync(Json("""{"x":1}"""));

        await Eventually.TrueAsync(() => twin.Updates.Count == 2, "the patch arrived after the failure");
    }

    [Fact]
    public async Task UpdateReportedPropertiesAsync_NotConnectedOrNoTwin_Throws()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        await using var withTwin = RunningTransport.Create(hub, twin: new RecordingTwinHandler());
        await using var withoutTwin = RunningTransport.Create(hub);

        await Assert.ThrowsAsync<TransportUnavailableException>(() => withTwin.UpdateReportedPropertiesAsync([]));
        await Assert.ThrowsAsync<InvalidOperationException>(() => withoutTwin.UpdateReportedPropertiesAsync([]));
    }
}
