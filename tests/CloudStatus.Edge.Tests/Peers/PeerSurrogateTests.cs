using CloudStatus.Core.Commands;
using CloudStatus.Edge.Peers;
using CloudStatus.Edge.Producers.Adapters;
using CloudStatus.Edge.Tests.Producers.Adapters;
using CloudStatus.Edge.Tests.Support;

namespace CloudStatus.Edge.Tests.Peers;

/// <summary>
/// The surrogate (docs/adr/0171) between two real nodes with their real peer interfaces on loopback and a scripted
/// switch on Kestrel: the peer learns the primary's switch entries over the signed <c>equipment</c> query, polls the
/// switch itself only while central's fences say it holds the primary's lease, and stops on handback.
/// </summary>
public sealed class PeerSurrogateTests : IAsyncLifetime
{
    private const string Switch = "pi-01.sw-77";
    private EquipmentPeer _switch = null!;
    private PeerSite _primary = null!;
    private PeerSite _peer = null!;

    public async Task InitializeAsync()
    {
        _switch = await EquipmentPeer.StartAsync();
        _primary = await PeerSite.StartAsync("pi-01", "pi-02", equipment: new(StringComparer.Ordinal)
        {
            ["sw-77"] = Http(Switch, _switch.Url),
            ["phone"] = new EquipmentOptions { ProducerId = "pi-01.ph-1", Kind = "phone", ParentId = "pi-01", Adapter = EquipmentAdapters.Sip, Url = new Uri("sip:1001@127.0.0.1:5099") },
            ["stranger"] = Http("pi-09.sw-01", _switch.Url), // not the primary's own: never polled on its behalf
        });
        _peer = await PeerSite.StartAsync("pi-02", "pi-01");
    }

    public async Task DisposeAsync()
    {
        await _peer.DisposeAsync();
        await _primary.DisposeAsync();
        await _switch.DisposeAsync();
    }

    private static EquipmentOptions Http(string id, Uri url) =>
        new() { ProducerId = id, Kind = "switch", ParentId = id[..id.IndexOf('.', StringComparison.Ordinal)], Url = url, Interval = TimeSpan.FromSeconds(1) };

    private PeerSurrogate Surrogate => _peer.Endpoint.Surrogate;

    private bool PeerHeapHas(string producerId) => _peer.Node.Node.Heap.Records().Any(r => r.ProducerId == producerId && !r.Deleted);

    private void Told(params (string Primary, long Token)[] fences) =>
        _peer.Endpoint.Directory.Update(new NeighboursRequest
        {
            FailoverPeer = "pi-01",
            Covers = ["pi-01"],
            Servers = [new NeighbourServer { ServerId = "pi-01", SiteId = "site-01", LanAddress = _primary.Endpoint.Address }],
            Fences = fences.ToDictionary(f => f.Primary, f => f.Token),
        });

    [Fact]
    public async Task Equipment_SignedPeer_AnswersTheHttpEntriesOnly()
    {
        var answer = await _primary.Client().EquipmentAsync("pi-01", _primary.Endpoint.Address);

        Assert.Equal(["pi-01.sw-77", "pi-09.sw-01"], answer.Value!.Entries.Select(e => e.ProducerId));
        Assert.Equal(_switch.Url, answer.Value.Entries[0].Url);
    }

    [Fact]
    public async Task Tick_PrimaryHoldsItsLease_LearnsItsOwnSwitchesButPollsNothing()
    {
        Told(("pi-02", 1));

        await Surrogate.TickAsync();

        Assert.Equal(1, Surrogate.Learned("pi-01"));
        Assert.Empty(Surrogate.Surrogating);
        Assert.False(PeerHeapHas(Switch));
    }

    [Fact]
    public async Task Tick_TakeoverThenHandback_PollsThePrimarysSwitchOnlyWhileHoldingItsLease()
    {
        Told(("pi-02", 1));
        await Surrogate.TickAsync();
        await _primary.Node.Node.StopAsync(); // the primary's node is gone; what the surrogate learned stays

        Told(("pi-02", 1), ("pi-01", 2));
        await Surrogate.TickAsync();

        Assert.Equal(["pi-01"], Surrogate.Surrogating);
        await Eventually.TrueAsync(() => PeerHeapHas(Switch), "the peer polled the primary's switch into its own heap");
        Assert.False(PeerHeapHas("pi-09.sw-01"));

        Told(("pi-02", 1));
        await Surrogate.TickAsync();

        Assert.Empty(Surrogate.Surrogating);
    }
}
