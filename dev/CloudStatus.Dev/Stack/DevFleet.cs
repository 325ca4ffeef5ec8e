using System.Globalization;
using CloudStatus.Dev.Cli;
using CloudStatus.Core.Model;
using CloudStatus.Dev.Hub;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;
using CloudStatus.Fleet;
using CloudStatus.Fleet.Equipment;
using CloudStatus.Fleet.Sip;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// The simulated fleet of the dev stack and the dev hub it talks through: one <see cref="FleetModel"/> whose switches
/// serve the HTTP management API on loopback (polled and controlled by each edge node's HTTP adapter, with a bearer
/// credential from a file), whose phones and trunks answer SIP OPTIONS on loopback (qualified by each node's SIP adapter;
/// on by default), and whose other equipment is pushed by a simulated element manager to each node's push endpoint
/// (<see cref="FleetElementManager"/>, ADR 140). Nothing reaches a node in process. Started after central (so ingest is ready)
/// and stopped before it: hub first, then every server; servers in reverse on the way down. The model is played on the
/// wall clock by a <see cref="FleetClockService"/>.
/// </summary>
internal sealed class DevFleet : IHostedService, IAsyncDisposable
{
    private readonly DevIotHub _hub;
    private readonly ILogger<DevFleet> _logger;
    private readonly Dictionary<string, SimulatedServer> _servers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _processPorts = new(StringComparer.Ordinal);
    private readonly FleetElementManager _elementManager;
    private int _disposed;

    /// <param name="configuration">
    /// Section <c>CloudStatus:Edge:Heap</c>, when present, sets every simulated server's heap mirror (e.g. Table storage on
    /// Azurite); each server is its own partition of the table.
    /// </param>
    /// <param name="edgeClocks">Test-only: a server's own clock (e.g. minutes off) instead of the stack's.</param>
    public DevFleet(
        DevStackOptions options, DevIotHub hub, TimeProvider timeProvider, ILoggerFactory loggerFactory, IConfiguration configuration,
        LoopHeartbeats? heartbeats = null, DevEdgeClocks? edgeClocks = null)
    {
        _hub = hub;
        _logger = loggerFactory.CreateLogger<DevFleet>();
        var heap = configuration.GetSection(EdgeNodeOptions.SectionName + ":" + nameof(EdgeNodeOptions.Heap));
        var byIndex = new SimulatedServer[options.Servers];
        var qualified = new HashSet<string>(StringComparer.Ordinal);
        var pushCredential = new EquipmentCredentialFile(Path.GetFullPath(Path.Combine(options.DataDirectory, "equipment", "push-secret")), bare: true);

        // The element manager pushes a server's equipment to its node and, in a duplexed pair, to its partner too.
        _elementManager = new FleetElementManager(
            options.Servers,
            i => new[] { (int?)i, options.Pairs ? PartnerIndex(i, options.Servers) : null }
                .OfType<int>().Select(s => byIndex[s]?.PushUrl).OfType<Uri>().ToList(),
            () => pushCredential.Header,
            qualified.Contains,
            loggerFactory.CreateLogger<FleetElementManager>());
        Model = new FleetModel(FleetSpecFor(options), _elementManager, i => ServerId(i + 1), i => SiteId(i + 1));
        var credential = new EquipmentCredentialFile(Path.GetFullPath(Path.Combine(options.DataDirectory, "equipment", "credential")));
        var pollInterval = SimulatedServer.SwitchPollInterval(options.Servers * options.Switches);
        var sips = options.SipPhones
            ? Model.Servers.Select(equipment => SipFor(options, equipment, qualified)).ToList()
            : null;
        for (var i = 1; i <= options.Servers; i++)
        {
            var lan = options.Pairs ? LanRelay.Start() : null;
            var nodeOptions = NodeOptions(options, i, lan?.Address);
            heap.Bind(nodeOptions.Heap);
            if (i <= options.SupervisedServers)
            {
                var guest = nodeOptions.TenantId == "contoso" ? "fabrikam" : "contoso"; // a guest tenant on the server
                (nodeOptions.Supervision, var ports) = DevSupervision.For(nodeOptions.TenantId, guest);
                foreach (var (process, port) in ports)
                {
                    _processPorts[$"{nodeOptions.ServerId}.process.{process}"] = port;
                }
            }

            var equipment = Model.Servers[i - 1];
            var partner = options.Pairs ? PartnerIndex(i - 1, options.Servers) : null;
            var sip = sips?[i - 1];
            var partnerSip = sips is not null && partner is int p ? new[] { sips[p] } : [];
            string[] subtrees = partner is int q ? [nodeOptions.ServerId, ServerId(q + 1)] : [nodeOptions.ServerId];
            var clock = edgeClocks?.ByServer.GetValueOrDefault(nodeOptions.ServerId) ?? timeProvider;
            (Edge.Peers.PeerLinkOptions, LanRelay)? peers = lan is null ? null : (DevPeerKeys.For(options.DataDirectory, nodeOptions.SiteId), lan);
            var server = new SimulatedServer(
                nodeOptions, equipment, hub, clock, loggerFactory, credential, pollInterval, heartbeats, sip, options.SwitchPollTimeout, (pushCredential, subtrees), partnerSip, peers);
            byIndex[i - 1] = server;
            _servers.Add(nodeOptions.ServerId, server);
        }
    }

    /// <summary>Every server's equipment.</summary>
    public FleetModel Model { get; }

    /// <summary>The simulated element manager that pushes the equipment with neither a management API nor SIP (ADR 140).</summary>
    public FleetElementManager ElementManager => _elementManager;

    /// <summary>Servers in id order.</summary>
    public IReadOnlyList<SimulatedServer> Servers => [.. _servers.Values.OrderBy(s => s.ServerId, StringComparer.Ordinal)];

    public SimulatedServer? FindServer(string serverId) => _servers.GetValueOrDefault(serverId);

    /// <summary>The server whose equipment owns <paramref name="producerId"/> (ids are rooted at the server id).</summary>
    public SimulatedServer? FindServerOfProducer(string producerId) =>
        _servers.Values.FirstOrDefault(s => producerId == s.ServerId || producerId.StartsWith(s.ServerId + ".", StringComparison.Ordinal));

    /// <summary>The loopback port of a supervised dev process (<c>srv-01.process.db</c>), or null.</summary>
    public int? ProcessPort(string producerId) => _processPorts.TryGetValue(producerId, out var port) ? port : null;

    /// <summary>With <see cref="DevStackOptions.Pairs"/>: the 0-based index of the other server of a site, if it has one.</summary>
    private static int? PartnerIndex(int index, int servers)
    {
        var partner = index % 2 == 0 ? index + 1 : index - 1;
        return partner < servers ? partner : null;
    }

    public static string ServerId(int index) => string.Create(CultureInfo.InvariantCulture, $"srv-{index:00}");

    /// <summary>Two servers per site: a site spans several local servers, as roll-ups must show.</summary>
    public static string SiteId(int index) => string.Create(CultureInfo.InvariantCulture, $"site-{SiteNumber(index):00}");

    /// <summary>Sites are dealt round-robin over the tenants; the first tenant is always <c>contoso</c>.</summary>
    public static string TenantId(int index, int tenants)
    {
        var tenant = ((SiteNumber(index) - 1) % tenants) + 1;
        return tenant switch
        {
            1 => "contoso",
            2 => "fabrikam",
            _ => string.Create(CultureInfo.InvariantCulture, $"tenant-{tenant:00}"),
        };
    }

    private static int SiteNumber(int index) => ((index - 1) / 2) + 1;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _hub.StartAsync(cancellationToken).ConfigureAwait(false);
        _elementManager.Start();
        foreach (var server in Servers)
        {
            await server.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        Log.FleetStarted(_logger, _servers.Count, _hub.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var server in Servers.Reverse())
        {
            await server.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        await _hub.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Idempotent: the container disposes this object both as itself and as a hosted service.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _elementManager.DisposeAsync().ConfigureAwait(false);
        foreach (var server in _servers.Values)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The dev fleet: changes, flaps and link changes at the command line's rates; switches reboot only when told to
    /// (and are back after a second) and never go dark by chance; every producer reports every 10 s.
    /// </summary>
    public static FleetSpec FleetSpecFor(DevStackOptions options) => new()
    {
        Servers = options.Servers,
        SwitchesPerServer = options.Switches,
        DevicesPerSwitch = options.Devices,
        ChangeRate = options.ChangeRate,
        FlapShare = 0.1,
        ReportConnectivity = true,
        LinkChangeShare = 0.05,
        RebootsPerSwitchHour = 0,
        DarkPerSwitchHour = 0,
        RebootDuration = TimeSpan.FromSeconds(1),
        ReportInterval = TimeSpan.FromSeconds(10),
        Seed = options.Seed,
    };

    /// <summary>
    /// The server's phones and trunks behind one loopback SIP socket, and how its edge node qualifies them (through
    /// <c>sip</c> entries of the twin's equipment section): the ones present at start (devices plugged later are pushed
    /// by the element manager), at most a 1 s timeout, and an interval stretched from <see cref="DevStackOptions.SipInterval"/>
    /// so the whole stack sends at most about 200 OPTIONS a second and each node (with <c>--pairs</c>, qualifying its
    /// partner's too) stays within the adapter's default rate limit.
    /// </summary>
    private static DevSipPhones SipFor(DevStackOptions options, FleetServer equipment, HashSet<string> qualified)
    {
        var responder = new FleetSipResponder(equipment);
        var targets = equipment.SipEquipment;
        var timeout = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, options.SipInterval.Ticks / 4));
        var interval = SipInterval(options, targets.Count * (options.Pairs ? 2 : 1), timeout);
        foreach (var target in targets)
        {
            qualified.Add(target.Id);
        }

        return new DevSipPhones(responder, targets, interval, timeout);
    }

    /// <summary>The qualify interval of a node that qualifies <paramref name="phonesOnServer"/> phones and trunks in this stack.</summary>
    public static TimeSpan SipInterval(DevStackOptions options, int phonesOnServer, TimeSpan timeout)
    {
        var stackPhones = (double)options.Servers * options.Switches * (options.Devices + 2) * (options.Pairs ? 2 : 1);
        var stackPaced = TimeSpan.FromMilliseconds(stackPhones * 5);
        var nodeLimited = TimeSpan.FromSeconds(phonesOnServer / 40.0) + timeout;
        return new[] { options.SipInterval, stackPaced, nodeLimited }.Max();
    }

    private static EdgeNodeOptions NodeOptions(DevStackOptions options, int index, string? lanAddress)
    {
        var serverId = ServerId(index);
        return new EdgeNodeOptions
        {
            TenantId = TenantId(index, options.Tenants),
            SiteId = SiteId(index),
            ServerId = serverId,
            DataDirectory = Path.GetFullPath(Path.Combine(options.DataDirectory, "edge", serverId)),
            Period = options.Period,
            Failover = new FailoverOptions
            {
                Peer = options.Pairs && PartnerIndex(index - 1, options.Servers) is int partner ? ServerId(partner + 1) : null,
                LanAddress = lanAddress,
            },
        };
    }
}
