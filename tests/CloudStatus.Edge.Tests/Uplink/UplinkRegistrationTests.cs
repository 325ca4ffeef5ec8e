using CloudStatus.Core.Wire;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Producers.Adapters;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Edge.Uplink;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Uplink;

/// <summary>The registration rides the first batch after connecting and stops once one carrying it is acknowledged (docs/adr/0121).</summary>
public sealed class UplinkRegistrationTests : IDisposable
{
    private static readonly ServerRegistration Registration = new() { SoftwareVersion = "9.9.9", Subtrees = ["srv-01"], FailoverPeer = "srv-02", LanAddress = "10.0.0.1:7443" };

    private readonly TempDirectory _dir = new("edge");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task PumpAsync_FirstBatchCarriesTheRegistration_LaterOnesDoNot()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, registration: Registration);
        await edge.Heap.WriteAsync([Writes.Online("a")]);
        await edge.Upstream.PumpAsync();
        await edge.Heap.WriteAsync([Writes.Online("b")]);
        await edge.Upstream.PumpAsync();

        var batches = edge.Transport.Batches;
        Assert.Equal(("srv-02", "10.0.0.1:7443"), (batches[0].Registration!.FailoverPeer, batches[0].Registration!.LanAddress));
        Assert.Null(batches[1].Registration);
    }

    [Fact]
    public async Task PumpAsync_SendCarryingItFails_NextBatchCarriesItAgain()
    {
        var transport = new FakeUpstreamTransport();
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time, transport: transport, registration: Registration);
        await edge.Heap.WriteAsync([Writes.Online("a")]);
        transport.Online = false;
        Assert.NotEqual(PumpResult.Sent, await edge.Upstream.PumpAsync());

        transport.Online = true;
        await edge.Upstream.PumpAsync();

        Assert.Equal("9.9.9", Assert.Single(transport.Batches).Registration!.SoftwareVersion);
    }

    [Fact]
    public async Task PumpAsync_NoRegistrationConfigured_NoneSent()
    {
        await using var edge = await EdgeHarness.StartAsync(_dir.Path, _time);
        await edge.Heap.WriteAsync([Writes.Online("a")]);
        await edge.Upstream.PumpAsync();

        Assert.Null(Assert.Single(edge.Transport.Batches).Registration);
    }

    [Fact]
    public void Registration_FromNodeOptions_VersionAdaptersKindsSubtreesAndPeer()
    {
        var options = new EdgeNodeOptions
        {
            TenantId = "t", SiteId = "s", ServerId = "srv-01",
            Failover = new FailoverOptions { Peer = "srv-02", LanAddress = "10.0.0.1:7443" },
            Equipment = new(StringComparer.Ordinal)
            {
                ["sw1"] = new EquipmentOptions { ProducerId = "srv-01.sw1", Kind = "switch", Adapter = EquipmentAdapters.Http },
                ["sw2"] = new EquipmentOptions { ProducerId = "srv-01.sw2", Kind = "switch", Adapter = EquipmentAdapters.Http },
            },
        };

        var registration = EdgePipeline.Registration(options);

        Assert.False(string.IsNullOrEmpty(registration.SoftwareVersion));
        Assert.Equal([EquipmentAdapters.Http], registration.Adapters);
        Assert.Equal(["switch"], registration.ProducerKinds);
        Assert.Equal(["srv-01"], registration.Subtrees);
        Assert.Equal("srv-02", registration.FailoverPeer);
        var batch = new StatusBatch
        {
            TenantId = "t", SiteId = "s", ServerId = "srv-01", Epoch = "e", SeqFrom = 0, SeqTo = 0, Kind = BatchKind.Heartbeat,
            SentAt = _time.GetUtcNow(), Registration = registration,
        };
        Assert.Null(BatchValidation.Validate(batch));
    }

    [Fact]
    public void Validate_PeerIsTheServerItself_Refused()
    {
        var options = new EdgeNodeOptions { TenantId = "t", SiteId = "s", ServerId = "srv-01", Failover = new FailoverOptions { Peer = "srv-01" } };

        Assert.Contains(options.Validate(), e => e.Contains("Failover:Peer", StringComparison.Ordinal));
    }
}
