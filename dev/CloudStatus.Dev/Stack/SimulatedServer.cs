using CloudStatus.Core.Commands;
using CloudStatus.Dev.Hub;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Peers;
using CloudStatus.Edge.Producers.Adapters;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Fleet;
using CloudStatus.Fleet.Equipment;
using CloudStatus.Fleet.Sip;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// One simulated local server: its real edge node (heap on disk, management, upstream) connected to the dev hub by the
/// real MQTT module transport, and its simulated equipment. The switches serve the HTTP management API (one loopback
/// port each, started with the server and kept running while it is stopped, as equipment would) and the node polls and
/// controls them through its HTTP adapter; the phones answer SIP OPTIONS on one loopback socket and the node qualifies
/// them (and the trunks) through its SIP adapter; the rest (the server itself, voicemail, fans, devices plugged later) is
/// pushed by the site's element manager (<see cref="FleetElementManager"/>) to the node's push endpoint
/// (<see cref="PushUrl"/>, a loopback port, bearer secret from a file). Nothing reaches the node in process and the node
/// has no in-process control: every control action goes through an adapter. The node runs with the module twin on: its equipment section
/// comes from the desired properties the stack sets on the dev hub, and it reports what it took under <c>config</c>. <see cref="StopAsync"/> takes it dark (node stopped, connection closed); <see cref="StartAsync"/> brings it
/// back with its heap, epoch and sequence resumed from disk, and every producer reports again.
/// </summary>
internal sealed class SimulatedServer : IAsyncDisposable
{
    private readonly DevIotHub _hub;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly SwitchableTransport _transport = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly DevSipPhones? _sip;
    private readonly IReadOnlyList<DevSipPhones> _partnerSip;
    private readonly EquipmentCredentialFile _pushCredential;
    private readonly IReadOnlyList<string> _pushSubtrees;
    private EdgeNodePushEndpoint? _push;
    private readonly CancellationTokenSource _equipmentStop = new();
    private CancellationTokenSource? _connection;
    private Task? _connectionLoop;
    private Task? _sipAnswering;

    private readonly EquipmentCredentialFile _credential;
    private SwitchManagementHost? _switches;

    private readonly TimeSpan _switchPollInterval;

    /// <summary>Empty management slots per server: where a switch can be plugged in later (<c>/dev/sim/producers/{id}/plug</c>).</summary>
    public const int SwitchSlots = 2;

    /// <summary>The node's options before the twin: the twin's desired properties are applied on top of these.</summary>
    private readonly EdgeNodeOptions _configured;

    /// <summary>How long a starting node waits for its twin's configuration before it starts without it.</summary>
    private static readonly TimeSpan TwinWait = TimeSpan.FromSeconds(10);


    private readonly TimeSpan _switchPollTimeout;

    /// <summary>With <c>--pairs</c>: the site key and probe settings of the server's peer interface (on its LAN address).</summary>
    private readonly PeerLinkOptions? _peers;
    private PeerEndpoint? _peerEndpoint;

    /// <summary>With <c>--pairs</c>: the site LAN in front of the peer interface, on the server's LAN address (docs/adr/0170).</summary>
    private readonly LanRelay? _lan;

    /// <summary>
    /// How often the dev nodes poll their switches: every 2 s for a small fleet, stretched so the whole stack makes at
    /// most about 40 polls a second (a thousand switches: every 25 s), to keep a big dev fleet light on one machine.
    /// </summary>
    public static TimeSpan SwitchPollInterval(int totalSwitches) =>
        TimeSpan.FromMilliseconds(Math.Clamp(totalSwitches * 25.0, 2_000, 30_000));

    /// <param name="sip">When set, the server's phones and trunks answer OPTIONS on <see cref="SipResponder"/> and the node's equipment section qualifies them.</param>
    /// <param name="push">The element manager's secret file and the subtrees it may push for on this node (its own server; with <c>--pairs</c> its partner's too).</param>
    /// <param name="partnerSip">With <c>--pairs</c>: the partner's phones and trunks, qualified by this node too (same SIP endpoints).</param>
    /// <param name="peers">With <c>--pairs</c>: its peer interface's settings and the site LAN in front of it (on <c>Failover:LanAddress</c>).</param>
    public SimulatedServer(
        EdgeNodeOptions options,
        FleetServer equipment,
        DevIotHub hub,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        EquipmentCredentialFile credential,
        TimeSpan switchPollInterval,
        LoopHeartbeats? heartbeats,
        DevSipPhones? sip,
        TimeSpan? switchPollTimeout,
        (EquipmentCredentialFile Credential, IReadOnlyList<string> Subtrees) push,
        IReadOnlyList<DevSipPhones>? partnerSip = null,
        (PeerLinkOptions Options, LanRelay Lan)? peers = null)
    {
        _pushCredential = push.Credential;
        _pushSubtrees = push.Subtrees;
        _partnerSip = partnerSip ?? [];
        _peers = peers?.Options;
        _switchPollTimeout = switchPollTimeout ?? Cli.DevStackOptions.DefaultSwitchPollTimeout;
        _hub = hub;
        _credential = credential;
        _switchPollInterval = switchPollInterval;
        _time = timeProvider;
        _loggerFactory = loggerFactory;
        Equipment = equipment;
        SipResponder = sip?.Responder;
        _sip = sip;
        Node = new EdgeNode(options, _transport, timeProvider, loggerFactory, heartbeats: heartbeats);
        _configured = options.Clone();
        _lan = peers?.Lan;
        if (_lan is not null)
        {
            _lan.Target = () => _peerEndpoint?.Address;
        }
    }

    /// <summary>The phones' SIP side (equipment: it answers whether or not the edge node runs); null with <c>--sip-phones false</c>.</summary>
    public FleetSipResponder? SipResponder { get; }

    public EdgeNode Node { get; }

    /// <summary>The switches, devices, trunks, fans and voicemail service of this server.</summary>
    public FleetServer Equipment { get; }

    public string ServerId => Node.ServerId;

    public bool IsRunning => Node.IsRunning;

    public bool IsConnected => _transport.IsConnected;

    /// <summary>The site LAN in front of its peer interface; null without <c>--pairs</c>.</summary>
    public LanRelay? Lan => _lan;

    /// <summary>Where the element manager pushes this server's equipment (null until the first start).</summary>
    public Uri? PushUrl => _push is null ? null : new Uri(_push.Url, EdgeNodePushEndpoint.Route.TrimStart('/'));

    /// <summary>The switches' management endpoints (null until the first start).</summary>
    public SwitchManagementHost? Switches => _switches;

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Node.IsRunning)
            {
                return;
            }

            if (_switches is null)
            {
                await StartEquipmentAsync(cancellationToken).ConfigureAwait(false);
            }

            OpenUplink();
            await TwinTakenAsync(cancellationToken).ConfigureAwait(false);
            if (_peers is not null)
            {
                // Before the node: its registration names the LAN address, and central's neighbours must find the
                // directory. Peers reach it only through the site LAN (the relay on that address).
                _peerEndpoint = await PeerEndpoint.StartAsync(
                    Node, _peers, "http://127.0.0.1:0", _time, _loggerFactory, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            await Node.StartAsync(cancellationToken).ConfigureAwait(false);
            Equipment.PublishAll();
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Node.IsRunning && _connection is null)
            {
                return;
            }

            await Node.StopAsync(cancellationToken).ConfigureAwait(false);
            if (_peerEndpoint is not null)
            {
                // A dead server answers nobody on the LAN either.
                await _peerEndpoint.DisposeAsync().ConfigureAwait(false);
                _peerEndpoint = null;
            }

            await CloseUplinkAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Cuts (<paramref name="up"/> false) or restores the running server's connection to the hub, as a WAN outage
    /// would: the node keeps monitoring into its heap and sends when the uplink is back (its registration only rides
    /// the first batch after the node starts, not every reconnect). False when the server is stopped.
    /// </summary>
    public async Task<bool> SetUplinkAsync(bool up, CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Node.IsRunning)
            {
                return false;
            }

            if (up && _connection is null)
            {
                OpenUplink();
            }
            else if (!up && _connection is not null)
            {
                await CloseUplinkAsync().ConfigureAwait(false);
            }

            return true;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private void OpenUplink()
    {
        var transport = DevHubModuleTransport.Create(
            _hub, ServerId, DirectMethodNames.DefaultModuleId, Node.CommandHandler, _loggerFactory, _time, FastReconnect);
        EdgeNodeTwin.Attach(transport, Node, _configured, _loggerFactory);
        _connection = new CancellationTokenSource();
        _transport.Current = transport;
        _connectionLoop = transport.RunAsync(_connection.Token);
    }

    private async Task CloseUplinkAsync()
    {
        if (_connection is null)
        {
            return;
        }

        var transport = _transport.Current;
        _transport.Current = null;
        await _connection.CancelAsync().ConfigureAwait(false);
        if (_connectionLoop is not null)
        {
            await _connectionLoop.ConfigureAwait(false);
        }

        if (transport is not null)
        {
            await transport.DisposeAsync().ConfigureAwait(false);
        }

        _connection.Dispose();
        _connection = null;
        _connectionLoop = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _equipmentStop.CancelAsync().ConfigureAwait(false);
        SipResponder?.Dispose();
        if (_sipAnswering is not null)
        {
            await _sipAnswering.ConfigureAwait(false);
        }

        await Node.DisposeAsync().ConfigureAwait(false);
        if (_push is not null)
        {
            await _push.DisposeAsync().ConfigureAwait(false);
        }

        if (_switches is not null)
        {
            await _switches.DisposeAsync().ConfigureAwait(false);
        }

        if (_lan is not null)
        {
            await _lan.DisposeAsync().ConfigureAwait(false);
        }

        _lifecycle.Dispose();
        _equipmentStop.Dispose();
    }

    /// <summary>
    /// Starts the switches' endpoints and the phones' SIP socket and points the node's equipment section at them through
    /// the module twin, as an operator would: the desired properties name each switch's URL and credential file (adapter
    /// <c>http</c>) and each phone's SIP URI (adapter <c>sip</c>), and the node takes them when its transport connects
    /// and fetches the twin (reporting the outcome under <c>config</c>).
    /// </summary>
    private async Task StartEquipmentAsync(CancellationToken cancellationToken)
    {
        if (!_credential.IsCurrent)
        {
            _credential.Write();
        }

        if (!_pushCredential.IsCurrent)
        {
            _pushCredential.Write();
        }

        _push = await EdgeNodePushEndpoint.StartAsync(
            Node.Intake,
            [new ProducerPushCaller { Name = "element-manager-" + Node.Options.SiteId, SecretFile = _pushCredential.Path, Subtrees = [.. _pushSubtrees] }],
            _loggerFactory,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        _switches = await SwitchManagementHost.StartAsync(Equipment, _credential.Value, SwitchSlots, cancellationToken).ConfigureAwait(false);
        var equipment = new System.Text.Json.Nodes.JsonObject();
        foreach (var (id, url) in _switches.Urls.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            equipment[id[(ServerId.Length + 1)..]] = new System.Text.Json.Nodes.JsonObject
            {
                ["producerId"] = id,
                ["kind"] = Core.Model.ProducerKind.Switch,
                ["parentId"] = ServerId,
                ["adapter"] = EquipmentAdapters.Http,
                ["url"] = url.ToString(),
                ["interval"] = Duration(_switchPollInterval),
                ["timeout"] = Duration(_switchPollTimeout),
                ["rebootPollInterval"] = Duration(TimeSpan.FromMilliseconds(250)),
                ["credentialFile"] = _credential.Path,
                ["awaitFirstAnswer"] = _switches.SlotIds.Contains(id),
            };
        }

        if (_sip is not null)
        {
            _sipAnswering ??= _sip.Responder.RunAsync(_equipmentStop.Token);
        }

        foreach (var sip in _partnerSip.Prepend(_sip).OfType<DevSipPhones>())
        {
            foreach (var (id, kind, parentId) in sip.Targets)
            {
                // Twin property names may not contain '.'; a partner's entries keep their server's prefix.
                var name = id.StartsWith(ServerId + ".", StringComparison.Ordinal) ? id[(ServerId.Length + 1)..] : id;
                equipment[name.Replace('.', '-')] = new System.Text.Json.Nodes.JsonObject
                {
                    ["producerId"] = id,
                    ["kind"] = kind,
                    ["parentId"] = parentId,
                    ["adapter"] = EquipmentAdapters.Sip,
                    ["url"] = sip.Responder.UriOf(id),
                    ["interval"] = Duration(sip.Interval),
                    ["timeout"] = Duration(sip.Timeout),
                };
            }
        }

        await _hub.UpdateDesiredAsync(ServerId, DirectMethodNames.DefaultModuleId, new System.Text.Json.Nodes.JsonObject { ["equipment"] = equipment }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Until the node reported the twin's current desired version (at most <see cref="TwinWait"/>), so it starts with
    /// the twin's configuration instead of restarting for it a moment later (observations posted during a restart
    /// would find no intake). A hub that does not answer in time only delays the start.
    /// </summary>
    private async Task TwinTakenAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (_time.GetElapsedTime(started) < TwinWait)
        {
            var twin = _hub.GetTwin(ServerId, DirectMethodNames.DefaultModuleId);
            var desired = (long?)twin["desired"]?["$version"] ?? 0;
            if (desired == 0 || (long?)twin["reported"]?["config"]?["desiredVersion"] >= desired)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Duration(TimeSpan value) => value.ToString("c", System.Globalization.CultureInfo.InvariantCulture);

    // Loopback: reconnect quickly after the dev hub or the server comes back.
    private static void FastReconnect(IotHubTransportOptions options)
    {
        options.ReconnectMinDelay = TimeSpan.FromMilliseconds(100);
        options.ReconnectMaxDelay = TimeSpan.FromSeconds(2);
        options.OperationTimeout = TimeSpan.FromSeconds(10);
    }
}
