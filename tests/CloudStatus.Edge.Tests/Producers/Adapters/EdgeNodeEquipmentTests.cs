using System.Text;
using System.Text.Json;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Producers.Adapters;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Tests.Producers.Adapters;

/// <summary>
/// A composed node whose equipment section names scripted switches on loopback: the node polls them in its own loops
/// and its commands reach them. The wall clock drives the loops here (short intervals), as the node would run.
/// </summary>
public sealed class EdgeNodeEquipmentTests : IDisposable
{
    private readonly TempDirectory _dir = new("edge");
    private readonly FakeUpstreamTransport _transport = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Node_HangingSwitchBesideAHealthyOne_HealthyPolledOnTimeHangingOfflineAndItsRebootFails()
    {
        await using var healthy = await EquipmentPeer.StartAsync();
        await using var hanging = await EquipmentPeer.StartAsync();
        hanging.Hang = true;
        await using var node = NewNode(("sw01", "srv-01.sw-01", healthy.Url), ("sw02", "srv-01.sw-02", hanging.Url));

        await node.StartAsync();

        await Eventually.TrueAsync(() => node.Heap.Get("srv-01.sw-02")?.Health == Health.Offline, "the hanging switch timed out");
        await Eventually.TrueAsync(() => healthy.Received.Count(r => r.StartsWith("GET /status", StringComparison.Ordinal)) >= 3, "the healthy switch was polled again and again");
        Assert.Equal(Health.Online, node.Heap.Get("srv-01.sw-01")!.Health);
        Assert.Contains("\"bootCount\":1", node.Heap.Get("srv-01.sw-01")!.State, StringComparison.Ordinal);

        var reboot = await node.CommandHandler.HandleAsync("reboot", Encoding.UTF8.GetBytes("""{"commandId":"c","producerId":"srv-01.sw-02"}"""));

        Assert.Equal(502, reboot.Status);
        Assert.Contains("no answer within", JsonDocument.Parse(reboot.Payload).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_RebootCommand_ReachesTheSwitchAndTheRebootIsWrittenAtOnce()
    {
        await using var peer = await EquipmentPeer.StartAsync();
        await using var node = NewNode(("sw01", "srv-01.sw-01", peer.Url));
        await node.StartAsync();
        // The boot count it rebooted from must have been seen (a first poll can time out while Kestrel warms up).
        await Eventually.TrueAsync(() => node.Heap.Get("srv-01.sw-01")?.Health == Health.Online, "the switch answered a poll");

        var reboot = await node.CommandHandler.HandleAsync("reboot", Encoding.UTF8.GetBytes("""{"commandId":"c","producerId":"srv-01.sw-01"}"""));

        Assert.Equal(200, reboot.Status);
        await Eventually.TrueAsync(() => node.Heap.Get("srv-01.sw-01")?.Event == RecordEvents.Reboot, "the reboot was written");
        Assert.Contains("\"bootCount\":2", node.Heap.Get("srv-01.sw-01")!.State, StringComparison.Ordinal);
        Assert.Contains("POST /reboot", peer.Received);
    }

    [Fact]
    public void Configuration_EquipmentSection_BindsOntoTheNodeOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CloudStatus:Edge:Equipment:sw01:ProducerId"] = "srv-01.sw-01",
            ["CloudStatus:Edge:Equipment:sw01:Kind"] = "switch",
            ["CloudStatus:Edge:Equipment:sw01:Url"] = "https://10.0.0.11/mgmt/",
            ["CloudStatus:Edge:Equipment:sw01:CredentialFile"] = "/run/secrets/sw01",
            ["CloudStatus:Edge:Equipment:sw01:Interval"] = "00:00:15",
        }).Build();

        var options = configuration.GetSection(EdgeNodeOptions.SectionName).Get<EdgeNodeOptions>()!;

        var sw01 = options.Equipment["sw01"];
        Assert.Equal(("srv-01.sw-01", new Uri("https://10.0.0.11/mgmt/"), "/run/secrets/sw01", TimeSpan.FromSeconds(15)),
            (sw01.ProducerId, sw01.Url, sw01.CredentialFile, sw01.Interval));
    }

    private EdgeNode NewNode(params (string Name, string ProducerId, Uri Url)[] equipment)
    {
        var options = new EdgeNodeOptions
        {
            TenantId = "t-1", SiteId = "site-1", ServerId = "srv-01", DataDirectory = _dir.Path, Period = TimeSpan.FromMilliseconds(100),
            Equipment = equipment.ToDictionary(e => e.Name, e => new EquipmentOptions
            {
                ProducerId = e.ProducerId, Kind = ProducerKind.Switch, ParentId = "srv-01", Url = e.Url,
                Interval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromMilliseconds(500), RebootPollInterval = TimeSpan.FromMilliseconds(100),
            }, StringComparer.Ordinal),
        };
        return new EdgeNode(options, _transport, TimeProvider.System, NullLoggerFactory.Instance);
    }
}
