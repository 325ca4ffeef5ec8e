using System.Diagnostics.Metrics;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Peers;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Peers;

/// <summary>
/// One site on loopback: a real edge node (simulated equipment, fake upstream) with its real peer interface on
/// Kestrel, a site key in a file, and a client that speaks as another server of the site. Refusals and absences are
/// recorded from the real counters, for this site's server ids only.
/// </summary>
internal sealed class PeerSite : IAsyncDisposable
{
    public const string SiteKey = "site-01-peer-key-0123456789abcdef-0123456789";

    private readonly TempDirectory _dir = new("edge");
    private readonly MeterListener _listener = new();
    private readonly List<(string Instrument, string Server, string Reason)> _counted = [];
    private readonly HttpClient _clientHttp = new() { Timeout = Timeout.InfiniteTimeSpan };

    private PeerSite(string serverId, string callerId, Dictionary<string, Edge.Producers.Adapters.EquipmentOptions>? equipment)
    {
        ServerId = serverId;
        CallerId = callerId;
        KeyFile = _dir.Sub("peer.key");
        File.WriteAllText(KeyFile, SiteKey);
        Options = new PeerLinkOptions { KeyFile = KeyFile, ProbeInterval = TimeSpan.FromHours(1), RequestTimeout = TimeSpan.FromSeconds(5), MissesBeforeLost = 2 };
        Node = new FleetNode(
            new EdgeNodeOptions { TenantId = "t-1", SiteId = "site-01", ServerId = serverId, DataDirectory = _dir.Sub(serverId), Equipment = equipment ?? [] },
            new FakeUpstreamTransport(),
            new FakeTimeProvider(DateTimeOffset.UtcNow));
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name.StartsWith("cloudstatus.edge.peer.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            var all = tags.ToArray();
            var server = all.FirstOrDefault(t => t.Key == "cloudstatus.server").Value as string ?? "";
            var reason = all.FirstOrDefault(t => t.Key == "cloudstatus.reason").Value as string ?? "";
            lock (_counted)
            {
                _counted.Add((instrument.Name, server, reason));
            }
        });
        _listener.Start();
    }

    public string ServerId { get; }

    /// <summary>The server the test's client speaks as.</summary>
    public string CallerId { get; }

    public string KeyFile { get; }

    public PeerLinkOptions Options { get; }

    public FleetNode Node { get; }

    public PeerEndpoint Endpoint { get; private set; } = null!;

    public Uri BaseAddress => new($"http://{Endpoint.Address}");

    /// <param name="equipment">The node's equipment section (none by default).</param>
    public static async Task<PeerSite> StartAsync(
        string serverId, string callerId, bool startNode = true, Dictionary<string, Edge.Producers.Adapters.EquipmentOptions>? equipment = null)
    {
        var site = new PeerSite(serverId, callerId, equipment);
        if (startNode)
        {
            await site.Node.StartAsync();
        }

        site.Endpoint = await PeerEndpoint.StartAsync(site.Node.Node, site.Options, "http://127.0.0.1:0", TimeProvider.System, NullLoggerFactory.Instance);
        return site;
    }

    /// <summary>A client speaking as <see cref="CallerId"/> (or <paramref name="as"/>) with the site key (or <paramref name="keyFile"/>).</summary>
    public PeerClient Client(string? @as = null, string? keyFile = null, TimeSpan? timeout = null)
    {
        var options = new PeerLinkOptions { KeyFile = keyFile ?? KeyFile, RequestTimeout = timeout ?? Options.RequestTimeout };
        var server = @as ?? CallerId;
        return new PeerClient(_clientHttp, server, new PeerKeys(options), options, TimeProvider.System, new PeerMetrics(server), NullLogger.Instance);
    }

    public string WriteKey(string name, string key)
    {
        var file = _dir.Sub(name);
        File.WriteAllText(file, key);
        return file;
    }

    /// <summary>How many times <paramref name="instrument"/> counted <paramref name="reason"/> for <paramref name="server"/>.</summary>
    public int Counted(string instrument, string server, string reason)
    {
        lock (_counted)
        {
            return _counted.Count(c => c.Instrument == instrument && c.Server == server && c.Reason == reason);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await Endpoint.DisposeAsync();
        await Node.DisposeAsync();
        _clientHttp.Dispose();
        _dir.Dispose();
    }
}
