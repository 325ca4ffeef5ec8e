using System.Text.Json;
using CloudStatus.Core.Commands;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Ownership;

/// <summary>
/// The clearinghouse (docs/adr/0146) on the central app over SQLite: an accepted registration queues a neighbours
/// dispatch; the dispatcher tells every affected server its neighbours through the <c>neighbours</c> direct method
/// (the hub is the hand-written fake, which records the calls: no IoT Hub runs in these tests).
/// </summary>
public sealed class ClearinghouseTests : IAsyncLifetime
{
    private readonly CentralHarness _central = new();
    private DispatchDrainService _drain = null!;

    public Task InitializeAsync()
    {
        _drain = ActivatorUtilities.CreateInstance<DispatchDrainService>(_central.Services);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _drain.Dispose();
        await _central.DisposeAsync();
    }

    private static ServerRegistration Registration(string peer, string lan) =>
        new() { SoftwareVersion = "2.0.0", Subtrees = [], FailoverPeer = peer, LanAddress = lan };

    [Fact]
    public async Task Register_Pair_EachToldItsPeerWhomItCoversAndItsSiteWithAddresses()
    {
        await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("x", 1, server: "srv-03")], server: "srv-03"));
        await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("y", 1, server: "srv-09")], server: "srv-09", site: "site-9"));
        await _central.ApplyAsync(Periodic(1, 1, Rec("a", 1)) with { Registration = Registration("srv-02", "10.0.0.11:5680") });
        await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("b", 1, server: "srv-02")], server: "srv-02")
            with { Registration = Registration("srv-01", "10.0.0.12:5680") });

        await _drain.DrainOnceAsync(CancellationToken.None);

        var last = _central.Methods.Calls.Where(c => c.MethodName == DirectMethodNames.Neighbours)
            .GroupBy(c => c.DeviceId)
            .ToDictionary(g => g.Key, g => JsonSerializer.Deserialize(g.Last().PayloadJson, NeighboursJsonContext.Default.NeighboursRequest)!);
        Assert.Equal(["srv-01", "srv-02", "srv-03"], last.Keys.Order());
        var first = last["srv-01"];
        Assert.Equal("srv-02", first.FailoverPeer);
        Assert.Equal(["srv-02"], first.Covers);
        Assert.Equal([("srv-02", "10.0.0.12:5680"), ("srv-03", null)], first.Servers.Select(s => (s.ServerId, s.LanAddress)));
        Assert.Equal([("srv-01", "10.0.0.11:5680"), ("srv-03", null)], last["srv-02"].Servers.Select(s => (s.ServerId, s.LanAddress)));
        Assert.Null(last["srv-03"].FailoverPeer);
        Assert.Empty(last["srv-03"].Covers);
    }

    [Fact]
    public async Task Register_Refused_NoNeighboursSent()
    {
        await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("x", 1, server: "srv-02")], server: "srv-02", tenant: "tenant-other"));

        await _central.ApplyAsync(Periodic(1, 1, Rec("a", 1)) with { Registration = Registration("srv-02", "10.0.0.11:5680") });

        Assert.DoesNotContain(await _central.DrainDispatchAsync(), m => m.Kind == DispatchMessage.NeighboursKind);
    }

    [Fact]
    public async Task Announce_ServerOffline_OthersStillToldAndTheMessageDone()
    {
        await _central.ApplyAsync(Periodic(1, 1, Rec("a", 1)) with { Registration = Registration("srv-02", "10.0.0.11:5680") });
        await _central.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("b", 1, server: "srv-02")], server: "srv-02"));
        _central.Methods.Responder = call => call.DeviceId == "srv-02"
            ? new DirectMethodOutcome(DirectMethodStatus.DeviceOffline, null, null, "device not online")
            : new DirectMethodOutcome(DirectMethodStatus.Answered, 200, """{"ok":true}""", null);

        var summary = await _central.Get<NeighbourAnnouncer>().AnnounceAsync(Server, CancellationToken.None);

        Assert.Equal("neighbours of srv-01: told 1 of 2 servers", summary);
    }
}
