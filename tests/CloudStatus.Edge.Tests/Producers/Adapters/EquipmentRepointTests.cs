using CloudStatus.Core.Model;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Producers.Adapters;
using CloudStatus.Edge.Producers.Reachability;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Tests.Producers.Adapters;

/// <summary>
/// The <c>address</c> method's way through the edge (docs/adr/0150): a move of one producer reaches its adapter in the
/// equipment section and every SIP, TCP and ICMP check of it at the old IP, the module's own configured loops included;
/// another producer at that IP (the holder, in an address conflict) stays. Counts only: that each kind then reaches the
/// new IP is shown against real loopback peers by its own repoint tests.
/// </summary>
public sealed class EquipmentRepointTests
{
    private readonly RecordingIntake _intake = new();

    [Fact]
    public async Task RepointAsync_EveryKindOfTheMovedProducer_MovedOnce_TheHolderAtTheOldIpStays()
    {
        await using var equipment = new EquipmentSet(
            new Dictionary<string, EquipmentOptions>(StringComparer.Ordinal)
            {
                ["newcomer"] = Entry("srv-01.sw-01", EquipmentAdapters.Http, "http://127.0.0.1:8080/mgmt/"),
                ["holder"] = Entry("srv-01.sw-02", EquipmentAdapters.Http, "http://127.0.0.1:8081/mgmt/"),
                ["phone"] = Entry("srv-01.ph-01", EquipmentAdapters.Sip, "sip:ph-01@127.0.0.1:5062"),
                ["cam"] = Entry("srv-01.cam-01", EquipmentAdapters.Tcp, "tcp://127.0.0.1:554"),
                ["ups"] = Entry("srv-01.ups-01", EquipmentAdapters.Icmp, "icmp://127.0.0.1"),
            },
            _intake, TimeProvider.System, NullLoggerFactory.Instance);
        var module = ModuleLoop(("srv-01.sw-01", "127.0.0.1"), ("srv-01.sw-02", "127.0.0.1"));
        var router = new ProducerControlRouter(equipment, supervisor: null, new ConfiguredProbesControl(() => [module]));

        Assert.Equal(2, await router.RepointAsync("srv-01.sw-01", "127.0.0.1", "127.0.0.2"));
        Assert.Equal(0, await router.RepointAsync("srv-01.sw-01", "127.0.0.1", "127.0.0.2"));
        foreach (var other in new[] { "srv-01.ph-01", "srv-01.cam-01", "srv-01.ups-01" })
        {
            Assert.Equal(1, await router.RepointAsync(other, "127.0.0.1", "127.0.0.3"));
        }

        Assert.Equal(2, await router.RepointAsync("srv-01.sw-02", "127.0.0.1", "127.0.0.4"));
    }

    private static EquipmentOptions Entry(string producerId, string adapter, string url) => new()
    {
        ProducerId = producerId, Kind = ProducerKind.Device, ParentId = "srv-01", Adapter = adapter, Url = new Uri(url),
        Interval = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromSeconds(2),
    };

    private IHostedService ModuleLoop(params (string ProducerId, string Address)[] targets) => new ReachabilityService(
        new ReachabilityProber(TimeProvider.System), _intake,
        Options.Create(new ReachabilityOptions
        {
            Targets = [.. targets.Select(t => new ReachabilityTarget { ProducerId = t.ProducerId, Kind = ProducerKind.Device, ParentId = "srv-01", Address = t.Address, Port = 445 })],
        }),
        TimeProvider.System, NullLogger<ReachabilityService>.Instance, new LoopHeartbeats(TimeProvider.System));
}
