using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Producers.Adapters;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Edge.Twin;
using CloudStatus.Fleet;
using CloudStatus.Fleet.Sip;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Tests.Producers.Adapters;

/// <summary>
/// The equipment section's <c>sip</c>, <c>tcp</c> and <c>icmp</c> entries (ADR 0086): chosen per producer like the
/// HTTP adapter, taken from the twin whole or refused whole, and run by the node against real peers on loopback (the
/// dev fleet's SIP phones on a UDP socket, a TCP listener, a closed port).
/// </summary>
public sealed class EquipmentProbesTests : IDisposable
{
    private const string Phone = "srv-01.sw-01.dev-002";
    private readonly TempDirectory _dir = new("edge");

    public void Dispose() => _dir.Dispose();

    private static EdgeNodeOptions Configured() => new() { TenantId = "t-1", SiteId = "site-1", ServerId = "srv-01", DataDirectory = "/data" };

    [Fact]
    public void Apply_SipTcpAndIcmpEntries_TakenAndDescribedBack()
    {
        var desired = JsonNode.Parse("""
            {"equipment":{
              "ph1":{"producerId":"srv-01.sw-01.dev-001","kind":"device","parentId":"srv-01.sw-01","adapter":"sip","url":"sip:1001@10.0.0.21:5060","interval":"00:00:30","timeout":"00:00:02"},
              "ups":{"producerId":"srv-01.ups","kind":"ups","adapter":"tcp","url":"tcp://10.0.0.30:22"},
              "cam":{"producerId":"srv-01.cam","kind":"camera","adapter":"icmp","url":"icmp://10.0.0.31:554"}}}
            """)!.AsObject();

        var errors = TwinConfiguration.Apply(Configured(), desired, out var effective);

        Assert.Empty(errors);
        var sip = EquipmentProbes.Sip(effective.Equipment)!;
        Assert.Equal(("srv-01.sw-01.dev-001", "sip:1001@10.0.0.21:5060", TimeSpan.FromSeconds(30)), (sip.Targets[0].ProducerId, sip.Targets[0].Uri, sip.Interval));
        var reach = EquipmentProbes.Reachability(effective.Equipment)!;
        Assert.Equal(["srv-01.cam icmp 10.0.0.31:554", "srv-01.ups tcp 10.0.0.30:22"],
            reach.Targets.Select(t => $"{t.ProducerId} {t.Method.ToString().ToLowerInvariant()} {t.Address}:{t.Port}"));
        var described = TwinConfiguration.Describe(effective);
        Assert.Equal("sip", described["equipment"]!["ph1"]!["adapter"]!.GetValue<string>());
        Assert.Empty(TwinConfiguration.Apply(Configured(), new JsonObject { ["equipment"] = described["equipment"]!.DeepClone() }, out _));
    }

    [Theory]
    [InlineData("""{"p":{"producerId":"srv-01.p","kind":"device","adapter":"sip","url":"http://10.0.0.21/"}}""", "equipment.p.url")]
    [InlineData("""{"p":{"producerId":"srv-01.p","kind":"device","adapter":"sip","url":"sip:1001@pbx.example:5060"}}""", "literal IP")]
    [InlineData("""{"u":{"producerId":"srv-01.u","kind":"ups","adapter":"tcp","url":"tcp://10.0.0.30"}}""", "must be tcp://ip:port")]
    [InlineData("""{"u":{"producerId":"srv-01.u","kind":"ups","adapter":"icmp","url":"icmp://host.example"}}""", "must be icmp://ip[:port]")]
    [InlineData("""{"a":{"producerId":"srv-01.a","kind":"device","adapter":"sip","url":"sip:10.0.0.1","interval":"00:00:10"},"b":{"producerId":"srv-01.b","kind":"device","adapter":"sip","url":"sip:10.0.0.2"}}""", "same interval and timeout")]
    [InlineData("""{"a":{"producerId":"srv-01.a","kind":"ups","adapter":"tcp","url":"tcp://10.0.0.1:22","interval":"00:00:02","timeout":"00:00:05"}}""", "Timeout shorter than Interval")]
    public void Apply_MalformedProbeEntry_RefusesTheWholeSectionWithTheReason(string section, string expected)
    {
        var document = new JsonObject { ["equipment"] = JsonNode.Parse(section) };
        document["equipment"]!["sw"] = JsonNode.Parse("""{"producerId":"srv-01.sw-01","kind":"switch","url":"http://10.0.0.11/"}""");

        var errors = TwinConfiguration.Apply(Configured(), document, out _);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Node_SipAndTcpEntries_QualifiedAndCheckedOnLoopback_PhoneThatStopsAnsweringGoesOffline()
    {
        var fleet = new FleetModel(FleetNode.QuietSpec, new IntakeFleetOutput(_ => null), _ => "srv-01");
        using var responder = new FleetSipResponder(fleet.Servers[0]);
        using var stop = new CancellationTokenSource();
        var answering = responder.RunAsync(stop.Token);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var open = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var closedSocket = new TcpListener(IPAddress.Loopback, 0);
        closedSocket.Start();
        var closed = ((IPEndPoint)closedSocket.LocalEndpoint).Port;
        closedSocket.Stop();
        var interval = TimeSpan.FromMilliseconds(300);
        var timeout = TimeSpan.FromMilliseconds(100);
        var options = Configured();
        options.DataDirectory = _dir.Path;
        options.Period = TimeSpan.FromMilliseconds(100);
        options.Equipment = new(StringComparer.Ordinal)
        {
            ["phone"] = new() { ProducerId = Phone, Kind = ProducerKind.Device, Adapter = "sip", Url = new Uri(responder.UriOf(Phone)), Interval = interval, Timeout = timeout },
            ["ups"] = new() { ProducerId = "srv-01.ups", Kind = "ups", Adapter = "tcp", Url = new Uri($"tcp://127.0.0.1:{open}"), Interval = interval, Timeout = timeout },
            ["gone"] = new() { ProducerId = "srv-01.gone", Kind = "ups", Adapter = "tcp", Url = new Uri($"tcp://127.0.0.1:{closed}"), Interval = interval, Timeout = timeout },
        };
        await using var node = new EdgeNode(options, new FakeUpstreamTransport(), TimeProvider.System, NullLoggerFactory.Instance);

        await node.StartAsync();

        await Eventually.TrueAsync(() => node.Heap.Get(Phone)?.Health == Health.Online && node.Heap.Get("srv-01.ups")?.Health == Health.Online, "the phone answered OPTIONS and the port took the connection");
        Assert.Contains("\"rttMs\":", node.Heap.Get(Phone)!.State, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => node.Heap.Get("srv-01.gone")?.Health == Health.Offline, "the closed port is offline");
        Assert.Contains("\"reason\":", node.Heap.Get("srv-01.gone")!.State, StringComparison.Ordinal);

        fleet.Servers[0].SetHealth(Phone, Health.Offline);
        await Eventually.TrueAsync(() => node.Heap.Get(Phone)?.Health == Health.Offline, "the silent phone went offline after three missed answers");

        await node.StopAsync();
        await stop.CancelAsync();
        await answering;
    }
}
