using System.Text;
using System.Text.Json;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Tests.Producers.Supervision;

/// <summary>
/// The composed edge node supervising a real process on the system clock: its crash and its restart leave in async
/// batches at once, like any status. The transport is the recording fake (the MQTT transport has its own tests).
/// </summary>
public sealed class SupervisionNodeTests : IDisposable
{
    private readonly TempDirectory _dir = new("superv-node");
    private readonly FakeUpstreamTransport _transport = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task KillNine_CrashAndRestartGoUpstreamInAsyncBatches()
    {
        var startLog = Path.Combine(_dir.Path, "starts.log");
        var options = new EdgeNodeOptions
        {
            TenantId = "t-1", SiteId = "site-1", ServerId = "srv-01", DataDirectory = _dir.Sub("srv-01"),
            Supervision = SupervisorRun.Options(
                TimeSpan.FromMilliseconds(200), 3, ("svc", SupervisorRun.With(["sh", "-c", $"echo \"svc $(($(date +%s%N)/1000000))\" >> '{startLog}'; exec sleep 600"]))),
        };
        await using var node = new EdgeNode(options, _transport, TimeProvider.System, NullLoggerFactory.Instance);
        await node.StartAsync();
        const string id = "srv-01.process.svc";
        await Eventually.TrueAsync(() => Sent(id).Any(r => r.Health == Health.Online), "svc went up online");
        var pid = JsonDocument.Parse(Sent(id).Last(r => r.Health == Health.Online).State!).RootElement.GetProperty("pid").GetInt32();

        await SupervisorRun.KillNineAsync(pid);

        await Eventually.TrueAsync(() => Sent(id).Any(r => r.Event == RecordEvents.Reboot), "the restart went up");
        var crash = _transport.Batches.First(b => b.Records.Any(r => r.ProducerId == id && r.State!.Contains("killed by signal 9", StringComparison.Ordinal) && r.Health == Health.Offline));
        Assert.Equal(BatchKind.Async, crash.Kind);
        var restart = _transport.Batches.First(b => b.Records.Any(r => r.ProducerId == id && r.Event == RecordEvents.Reboot));
        Assert.Equal(BatchKind.Async, restart.Kind);
        var record = restart.Records.Single(r => r.ProducerId == id);
        Assert.Equal((ProducerKind.Process, "srv-01"), (record.Kind, record.ParentId));
        Assert.Equal(1, JsonDocument.Parse(record.State!).RootElement.GetProperty("restarts").GetInt32());
    }

    [Fact]
    public async Task DirectMethods_StopStartReboot_ReachTheSupervisedProcess()
    {
        var options = new EdgeNodeOptions
        {
            TenantId = "t-1", SiteId = "site-1", ServerId = "srv-01", DataDirectory = _dir.Sub("srv-01"),
            Period = TimeSpan.FromMilliseconds(100), // the heap shows each phase at the next periodic write
            Supervision = SupervisorRun.Options(TimeSpan.FromMilliseconds(100), 3, ("svc", SupervisorRun.With(["sleep", "600"]))),
        };
        await using var node = new EdgeNode(options, _transport, TimeProvider.System, NullLoggerFactory.Instance);
        await node.StartAsync();
        const string id = "srv-01.process.svc";
        await Eventually.TrueAsync(() => Phase(node, id) == "running", "svc runs");

        var stop = await node.CommandHandler.HandleAsync("stop", Payload("c1", id));
        Assert.Equal(200, stop.Status);
        await Eventually.TrueAsync(() => Phase(node, id) == "held", "svc is held");

        var start = await node.CommandHandler.HandleAsync("start", Payload("c2", id));
        Assert.Equal(200, start.Status);
        await Eventually.TrueAsync(() => Phase(node, id) == "running", "svc runs again");

        var reboot = await node.CommandHandler.HandleAsync("reboot", Payload("c3", id));
        Assert.Equal(200, reboot.Status);
        await Eventually.TrueAsync(() => Restarts(node, id) == 2 && Phase(node, id) == "running", "svc restarted");

        var unknown = await node.CommandHandler.HandleAsync("stop", Payload("c4", "srv-01.process.nope"));
        Assert.Equal(404, unknown.Status);
    }

    private static byte[] Payload(string commandId, string producerId) =>
        Encoding.UTF8.GetBytes($"{{\"commandId\":\"{commandId}\",\"producerId\":\"{producerId}\"}}");

    private static string? Phase(EdgeNode node, string id) =>
        node.Heap.Get(id) is { State: { } state } ? JsonDocument.Parse(state).RootElement.GetProperty("phase").GetString() : null;

    private static int Restarts(EdgeNode node, string id) =>
        node.Heap.Get(id) is { State: { } state } ? JsonDocument.Parse(state).RootElement.GetProperty("restarts").GetInt32() : -1;

    private List<StatusRecord> Sent(string producerId) =>
        [.. _transport.Batches.SelectMany(b => b.Records).Where(r => r.ProducerId == producerId)];
}
