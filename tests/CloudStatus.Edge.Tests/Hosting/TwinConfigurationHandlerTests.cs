using System.Text.Json.Nodes;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Tests.IotHub;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Edge.Tests.Twin;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Edge.Twin;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Eventually = CloudStatus.Edge.Tests.Support.Eventually;

namespace CloudStatus.Edge.Tests.Hosting;

/// <summary>
/// The module twin configuring a running edge node end to end: scripted edgeHub, the real MQTT transport, the real
/// node (its loops on a fake clock, so only the test advances them).
/// </summary>
public sealed class TwinConfigurationHandlerTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource _stop = new();
    private ScriptedEdgeHub _hub = null!;
    private MqttIotHubTransport _transport = null!;
    private EdgeNode _node = null!;
    private Task _loop = Task.CompletedTask;

    private EdgeNodeOptions Configured { get; } = new() { TenantId = "t-1", SiteId = "site-1", ServerId = "srv-01" };

    public async Task InitializeAsync()
    {
        Configured.DataDirectory = _dir.Sub("srv-01");
        _hub = await ScriptedEdgeHub.StartNewAsync();
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Eventually.Within(_loop);
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        if (_transport is not null)
        {
            await _transport.DisposeAsync();
        }

        await _hub.DisposeAsync();
        _stop.Dispose();
        _dir.Dispose();
    }

    private async Task StartAsync()
    {
        _transport = RunningTransport.Create(_hub);
        _node = new EdgeNode(Configured, _transport, _time, NullLoggerFactory.Instance);
        _transport.AttachTwinHandler(new TwinConfigurationHandler(_node, Configured, _transport, NullLogger<TwinConfigurationHandler>.Instance));
        await _node.StartAsync();
        _loop = _transport.RunAsync(_stop.Token);
    }

    private JsonObject? ReportedConfig => _hub.Reported["config"] as JsonObject;

    private Task ReportedAsync(string status, long desiredVersion) => Eventually.TrueAsync(
        () => ReportedConfig is { } c && (string?)c["status"] == status && (long?)c["desiredVersion"] == desiredVersion,
        $"the module reported {status} for desired version {desiredVersion}");

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public async Task FullTwin_ValidDesired_NodeRunsWithItAndReportsTheEffectiveConfiguration()
    {
        _hub.SetDesiredSilently(Json("""{"period":"00:00:10","rules":{"reboot":false}}"""));

        await StartAsync();

        await ReportedAsync("applied", 1);
        Assert.True(_node.IsRunning);
        Assert.Equal(TimeSpan.FromSeconds(10), _node.Options.Period);
        Assert.False(_node.Options.Rules.Reboot);
        var config = ReportedConfig!;
        Assert.Equal(1, (long?)config["appliedVersion"]);
        Assert.False(config.ContainsKey("errors"));
        Assert.Equal("00:00:10", (string?)config["effective"]!["period"]);
        Assert.Equal("00:00:10", (string?)config["effective"]!["heartbeatInterval"]);
        Assert.False((bool?)config["effective"]!["rules"]!["reboot"]);
        Assert.Equal(4, (int?)config["effective"]!["chatter"]!["threshold"]);
    }

    [Fact]
    public async Task DesiredPatch_HeartbeatInterval_TheRunningLoopsUseIt()
    {
        await StartAsync();
        await ReportedAsync("applied", 0);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(_hub.Events, e => e.Topic.Contains("csKind=heartbeat", StringComparison.Ordinal));

        await _hub.SetDesiredAsync(Json("""{"heartbeatInterval":"00:00:10"}"""));
        await ReportedAsync("applied", 1);

        // The loop re-arms its timer when it next wakes, which a loaded machine may delay past one advance; a second at a
        // time, under 20 s in all, stays short of the old 30 s interval's next tick (20 s after the patch).
        var heartbeat = false;
        for (var second = 1; second < 20 && !heartbeat; second++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            heartbeat = await HeartbeatWentUpAsync(TimeSpan.FromSeconds(1));
        }

        Assert.True(heartbeat, "a heartbeat went up within 20 s of a 10 s interval (the old interval would tick at 20 s)");
    }

    private async Task<bool> HeartbeatWentUpAsync(TimeSpan wait)
    {
        var until = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < until)
        {
            if (_hub.Events.Any(e => e.Topic.Contains("csKind=heartbeat", StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    [Fact]
    public async Task DesiredPatch_Invalid_RejectedWithErrors_NodeKeepsItsOptions_ThenFixed()
    {
        await StartAsync();
        await ReportedAsync("applied", 0);
        var heap = _node.Heap;

        await _hub.SetDesiredAsync(Json("""{"period":"soon","chatter":{"treshold":3}}"""));

        await ReportedAsync("rejected", 1);
        var errors = ReportedConfig!["errors"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("period:", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("chatter.treshold: not a setting", errors[1], StringComparison.Ordinal);
        Assert.Equal(0, (long?)ReportedConfig!["appliedVersion"]);
        Assert.Equal(TimeSpan.FromSeconds(30), _node.Options.Period);
        Assert.Same(heap, _node.Heap);
        Assert.True(_node.IsRunning);

        await _hub.SetDesiredAsync(Json("""{"period":"00:00:05","chatter":null}"""));

        await ReportedAsync("applied", 2);
        Assert.False(ReportedConfig!.ContainsKey("errors"));
        Assert.Equal(TimeSpan.FromSeconds(5), _node.Options.Period);
    }

    [Fact]
    public async Task FullTwin_SameAsConfigured_NoRestart()
    {
        _hub.SetDesiredSilently(Json("""{"period":"00:00:30","gzip":true}"""));
        await StartAsync();
        var heap = _node.Heap;

        await ReportedAsync("applied", 1);

        Assert.Same(heap, _node.Heap);
    }

    [Fact]
    public async Task BrokerRestart_DesiredChangedMeanwhile_AppliedFromTheRefetchedTwin()
    {
        await StartAsync();
        await ReportedAsync("applied", 0);
        var epoch = _node.Heap.Epoch;

        await _hub.StopAsync();
        await Eventually.TrueAsync(() => !_transport.IsConnected, "the transport noticed");
        _hub.SetDesiredSilently(Json("""{"chatter":{"threshold":6,"window":"00:10:00"}}"""));
        await _hub.StartAsync();

        await ReportedAsync("applied", 1);
        Assert.Equal((6, TimeSpan.FromMinutes(10)), (_node.Options.Chatter.Threshold, _node.Options.Chatter.Window));
        Assert.Equal(epoch, _node.Heap.Epoch);
        Assert.Equal(2, _hub.TwinGets);
    }

    [Fact]
    public async Task StaleDesiredPatch_Ignored()
    {
        var handler = new TwinConfigurationHandler(
            _node = new EdgeNode(Configured, new FakeUpstreamTransport(), _time, NullLoggerFactory.Instance),
            Configured,
            new RecordingReportedProperties(),
            NullLogger<TwinConfigurationHandler>.Instance);

        await handler.OnDesiredPropertiesAsync(new(Json("""{"period":"00:00:20"}"""), 5, IsComplete: true), CancellationToken.None);
        await handler.OnDesiredPropertiesAsync(new(Json("""{"period":"00:00:40"}"""), 4, IsComplete: false), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(20), _node.Options.Period);
    }
}
