using System.Globalization;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Producers;

namespace CloudStatus.Fleet;

/// <summary>
/// The equipment of one local server, deterministic by seed: ids <c>{serverId}.sw-03</c>, <c>{serverId}.sw-03.dev-017</c>,
/// <c>{serverId}.sw-03.trunk-1</c>, <c>{serverId}.sw-03.fan</c>, <c>{serverId}.voicemail</c>. Each simulated second
/// (<see cref="Step"/>) switches may reboot or go dark, a share of the producers changes or flaps, and every producer due
/// in that second reports. It is also the producers' control (reboot, configuration, removal), and a person can set a
/// producer's health or plug in new equipment. Thread-safe: the clock and the control may call from different threads.
/// </summary>
public sealed class FleetServer : IProducerControl
{
    private static readonly Health[] Healths = [Health.Online, Health.Degraded, Health.Offline];

    private readonly FleetSpec _spec;
    private readonly IFleetOutput _output;
    private readonly double _rebootChance;
    private readonly double _darkChance;
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly List<SimProducer> _producers = [];
    private readonly Dictionary<string, int> _byId = new(StringComparer.Ordinal);
    private readonly List<int> _changeable = [];
    private readonly List<SimSwitch> _switches = [];
    private readonly List<int>[] _byPhase;
    private readonly HashSet<(string, string)> _brokenLinks = [];
    private readonly FleetCounts _counts = new();
    private int _second;
    private double _changeCarry;

    internal FleetServer(int index, string serverId, FleetSpec spec, IFleetOutput output)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serverId);
        Index = index;
        ServerId = serverId;
        _spec = spec;
        _output = output;
        _rebootChance = spec.RebootsPerSwitchHour / 3600.0;
        _darkChance = spec.DarkPerSwitchHour / 3600.0;
        _random = new Random(SeedFor(spec.Seed, index));
        _byPhase = [.. Enumerable.Range(0, spec.ReportIntervalSeconds).Select(_ => new List<int>())];
        Build();
    }

    /// <summary>The server's position in the fleet (0-based); its random stream depends on it and the seed only.</summary>
    public int Index { get; }

    public string ServerId { get; }

    /// <summary>Producer slots so far (removed ones included): every <see cref="FleetObservation.Producer"/> is below it.</summary>
    public int Slots
    {
        get
        {
            lock (_gate)
            {
                return _producers.Count;
            }
        }
    }

    /// <summary>Every producer that reports, parents before children.</summary>
    public IReadOnlyList<string> ProducerIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _producers.Where(p => !p.Removed).Select(p => p.Id)];
            }
        }
    }

    /// <summary>Every phone (kind device) plugged in now, with its parent: what a SIP qualifier is pointed at.</summary>
    public IReadOnlyList<(string Id, string ParentId)> Phones
    {
        get
        {
            lock (_gate)
            {
                return [.. _producers.Where(p => !p.Removed && p.Kind == ProducerKind.Device).Select(p => (p.Id, p.ParentId!))];
            }
        }
    }

    /// <summary>Every phone and trunk present now, with its kind and parent: what answers SIP OPTIONS (<see cref="SipStatusOf"/>).</summary>
    public IReadOnlyList<(string Id, string Kind, string ParentId)> SipEquipment
    {
        get
        {
            lock (_gate)
            {
                return [.. _producers.Where(p => !p.Removed && p.Kind is ProducerKind.Device or ProducerKind.Trunk).Select(p => (p.Id, p.Kind, p.ParentId!))];
            }
        }
    }

    /// <summary>The switches built with the server (plugged ones are not among them), in order.</summary>
    public IReadOnlyList<string> SwitchIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _switches.Select(s => _producers[s.ProducerIndex].Id)];
            }
        }
    }

    /// <summary>The site this server belongs to (set by the model): its other servers' switches are peers too.</summary>
    public FleetSite? Site { get; internal set; }

    /// <summary>The switches not removed, plugged ones included.</summary>
    public IReadOnlyList<string> LiveSwitchIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _switches.Where(s => !s.Removed).Select(s => _producers[s.ProducerIndex].Id)];
            }
        }
    }

    /// <summary>
    /// What a switch's management API answers now; null when no such switch (or it was removed). Its peers are the
    /// live switches of every server of the site; without <paramref name="withConnectivity"/> (a status or config
    /// read) peers and reachable are left empty, sparing a thousand-switch site the sets.
    /// </summary>
    public SwitchView? DescribeSwitch(string switchId, bool withConnectivity = true)
    {
        var beyond = withConnectivity ? Site?.SwitchesBeyond(this) ?? [] : [];
        var broken = withConnectivity ? Site?.BrokenLinks() : null;
        lock (_gate)
        {
            if (!_byId.TryGetValue(switchId, out var index) || !ProducerKind.IsSwitch(_producers[index].Kind))
            {
                return null;
            }

            var producer = _producers[index];
            var sw = _switches[producer.SwitchIndex];
            var peers = withConnectivity ? Peers(sw, beyond) : [];
            var reachable = withConnectivity ? Reachable(sw, peers, broken) : [];
            return new SwitchView(switchId, !sw.Silent, sw.Hung, producer.Health, producer.Firmware, producer.BootCount, producer.Load, producer.Config, reachable, peers, sw.Mac, sw.Ip);
        }
    }

    /// <summary>Gives a switch a new IP (its management API's <c>PUT address</c>); it tells it from its next status answer.</summary>
    public bool SetIp(string switchId, string ip)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(switchId, out var index) || !ProducerKind.IsSwitch(_producers[index].Kind))
            {
                return false;
            }

            _switches[_producers[index].SwitchIndex].Ip = ip;
            return true;
        }
    }

    /// <summary>Makes a switch's management endpoint hang (or answer again); false when no such switch.</summary>
    public bool SetHung(string switchId, bool hung)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(switchId, out var index) || !ProducerKind.IsSwitch(_producers[index].Kind))
            {
                return false;
            }

            _switches[_producers[index].SwitchIndex].Hung = hung;
            return true;
        }
    }

    /// <summary>A server's seed from the fleet seed and its index (stable across processes, unlike <see cref="HashCode"/>).</summary>
    public static int SeedFor(int fleetSeed, int index) => unchecked((fleetSeed * 1_000_003) + (index * 7_919) + 0x5EED);

    public Health? HealthOf(string producerId)
    {
        lock (_gate)
        {
            return Find(producerId)?.Health;
        }
    }

    /// <summary>
    /// Whether the phone or trunk would answer a SIP OPTIONS now: it exists, is not offline, and its switch is neither
    /// rebooting nor dark. Any other kind of producer speaks no SIP.
    /// </summary>
    public bool AnswersSip(string producerId)
    {
        lock (_gate)
        {
            return Find(producerId) is { Removed: false, Kind: ProducerKind.Device or ProducerKind.Trunk } producer
                && producer.Health != Health.Offline
                && !IsCutOff(producer);
        }
    }

    /// <summary>
    /// The status a phone or trunk answers OPTIONS with now: 200 when online, 503 Service Unavailable when degraded (up
    /// but unable to serve, ADR 88), null when it would not answer (<see cref="AnswersSip"/>).
    /// </summary>
    public int? SipStatusOf(string producerId)
    {
        lock (_gate)
        {
            return Find(producerId) is { Removed: false, Kind: ProducerKind.Device or ProducerKind.Trunk } producer
                && producer.Health != Health.Offline
                && !IsCutOff(producer)
                ? (producer.Health == Health.Degraded ? 503 : 200)
                : null;
        }
    }

    /// <summary>Every producer that can be heard reports, and so does every switch's connectivity (appearance; a server coming back).</summary>
    public void PublishAll()
    {
        lock (_gate)
        {
            for (var i = 0; i < _producers.Count; i++)
            {
                var producer = _producers[i];
                if (!producer.Removed && !IsCutOff(producer))
                {
                    Emit(i, producer.Observe());
                }
            }

            foreach (var sw in _switches)
            {
                PostConnectivity(sw);
            }
        }
    }

    /// <summary>Sets a producer's health by hand; false when unknown. Heard at once unless its switch is down or dark.</summary>
    public bool SetHealth(string producerId, Health health)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(producerId, out var index))
            {
                return false;
            }

            var producer = _producers[index];
            producer.Health = health;
            if (!IsCutOff(producer))
            {
                Emit(index, producer.Observe());
            }

            return true;
        }
    }

    /// <summary>
    /// A new piece of equipment is plugged in under <paramref name="parentId"/> and starts reporting; false when the id
    /// is taken or the parent is unknown. A switch tells <paramref name="mac"/> (normalized) as its MAC when given.
    /// </summary>
    public bool Plug(string producerId, string kind, string parentId, string? mac = null, string? ip = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(producerId);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        lock (_gate)
        {
            if (_byId.ContainsKey(producerId) || !_byId.TryGetValue(parentId, out var parentIndex))
            {
                return false;
            }

            var switchIndex = ProducerKind.IsSwitch(kind) ? _switches.Count : _producers[parentIndex].SwitchIndex;
            var index = Add(producerId, kind, parentId, switchIndex, _producers.Count, canChange: IsChangeable(kind));
            if (mac is not null && ProducerKind.IsSwitch(kind))
            {
                _switches[switchIndex].Mac = mac;
            }

            if (ip is not null && ProducerKind.IsSwitch(kind))
            {
                _switches[switchIndex].Ip = ip;
            }

            Emit(index, _producers[index].Observe());
            _output.Plugged(Index, producerId, kind);
            if (ProducerKind.IsSwitch(kind))
            {
                foreach (var sw in _switches)
                {
                    PostConnectivity(sw);
                }
            }

            return true;
        }
    }

    public Task<ProducerControlResult> RebootAsync(string producerId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(producerId, out var index))
            {
                return Task.FromResult(ProducerControlResult.UnknownProducer);
            }

            var producer = _producers[index];
            if (!ProducerKind.IsSwitch(producer.Kind))
            {
                return Task.FromResult(ProducerControlResult.NotSupported);
            }

            // A switch already down or dark does not hear the request; it comes back on its own.
            var sw = _switches[producer.SwitchIndex];
            if (!sw.Silent)
            {
                StartReboot(sw, producer, _second);
            }

            return Task.FromResult(ProducerControlResult.Accepted);
        }
    }

    public Task<ProducerControlResult> ApplyConfigAsync(string producerId, string? config, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(producerId, out var index))
            {
                return Task.FromResult(ProducerControlResult.UnknownProducer);
            }

            var producer = _producers[index];
            producer.Config = config;
            if (!IsCutOff(producer))
            {
                Emit(index, producer.Observe());
            }

            return Task.FromResult(ProducerControlResult.Accepted);
        }
    }

    /// <summary>The producer and everything under it leave the simulation (they stop reporting).</summary>
    public Task<ProducerControlResult> RemoveAsync(string producerId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_byId.ContainsKey(producerId))
            {
                return Task.FromResult(ProducerControlResult.UnknownProducer);
            }

            var removed = new HashSet<string>(StringComparer.Ordinal) { producerId };
            var switchRemoved = false;
            for (var i = 0; i < _producers.Count; i++)
            {
                var producer = _producers[i];
                if (producer.Removed || !(removed.Contains(producer.Id) || (producer.ParentId is not null && removed.Contains(producer.ParentId))))
                {
                    continue;
                }

                removed.Add(producer.Id);
                producer.Removed = true;
                _byId.Remove(producer.Id);
                _changeable.Remove(i);
                _byPhase[producer.Phase].Remove(i);
                if (ProducerKind.IsSwitch(producer.Kind))
                {
                    _switches[producer.SwitchIndex].Removed = true;
                    switchRemoved = true;
                }
            }

            if (switchRemoved)
            {
                _brokenLinks.RemoveWhere(l => removed.Contains(l.Item1) || removed.Contains(l.Item2));
                foreach (var sw in _switches)
                {
                    PostConnectivity(sw);
                }
            }

            return Task.FromResult(ProducerControlResult.Accepted);
        }
    }

    /// <summary>
    /// Second <paramref name="second"/> of the simulation (0 = every producer appears), in a fixed order: switch outages,
    /// then changes, then the reports due in that second.
    /// </summary>
    internal void Step(int second)
    {
        lock (_gate)
        {
            _second = second;
            if (second == 0)
            {
                for (var i = 0; i < _producers.Count; i++)
                {
                    if (!_producers[i].Removed)
                    {
                        Emit(i, _producers[i].Observe());
                    }
                }

                foreach (var sw in _switches)
                {
                    PostConnectivity(sw);
                }

                return;
            }

            StepSwitches(second);
            StepChanges();
            foreach (var i in _byPhase[second % _byPhase.Length])
            {
                var producer = _producers[i];
                if (!IsCutOff(producer))
                {
                    Emit(i, producer.Observe());
                }
            }
        }
    }

    internal FleetCounts CountsSnapshot()
    {
        lock (_gate)
        {
            return _counts.Snapshot();
        }
    }

    private void StepSwitches(int second)
    {
        foreach (var sw in _switches)
        {
            if (sw.Removed)
            {
                continue;
            }

            var producer = _producers[sw.ProducerIndex];
            var rebootDraw = _random.NextDouble();
            var darkDraw = _random.NextDouble();
            if (sw.Silent)
            {
                if (second < sw.Until)
                {
                    continue;
                }

                if (sw.Rebooting)
                {
                    sw.Rebooting = false;
                    producer.Health = Health.Online;
                    producer.BootCount++;
                    producer.RenderState();
                    Emit(sw.ProducerIndex, producer.Observe(ObservationEvents.Reboot));
                }
                else
                {
                    sw.Dark = false;
                    Emit(sw.ProducerIndex, producer.Observe());
                }

                continue;
            }

            if (rebootDraw < _rebootChance)
            {
                StartReboot(sw, producer, second);
            }
            else if (darkDraw < _darkChance)
            {
                sw.Dark = true;
                sw.Until = second + _spec.DarkSeconds;
                _counts.DarkSwitches++;
            }
        }
    }

    private void StepChanges()
    {
        if (_changeable.Count == 0)
        {
            return;
        }

        _changeCarry += _spec.ChangeRate / 60.0 * _changeable.Count;
        var changes = (int)_changeCarry;
        _changeCarry -= changes;
        for (var c = 0; c < changes; c++)
        {
            // Drawn only when links are simulated, so a fleet without them keeps the random stream it always had.
            if (_spec.ReportConnectivity && _spec.LinkChangeShare > 0 && _random.NextDouble() < _spec.LinkChangeShare && ToggleRandomLink())
            {
                continue;
            }

            var index = _changeable[_random.Next(_changeable.Count)];
            var producer = _producers[index];
            var flap = _random.NextDouble() < _spec.FlapShare;
            var bounces = 4 + _random.Next(4);
            var next = Healths[_random.Next(Healths.Length)];
            var load = _random.Next(0, 10);
            if (IsCutOff(producer))
            {
                _counts.LostChanges++;
                continue;
            }

            if (flap)
            {
                // Quick bounces the chatter filter should hold back.
                for (var b = 0; b < bounces; b++)
                {
                    producer.Health = producer.Health == Health.Online ? Health.Offline : Health.Online;
                    Emit(index, producer.Observe());
                }

                _counts.Flaps++;
                continue;
            }

            producer.Health = next == producer.Health ? Healths[(Array.IndexOf(Healths, next) + 1) % Healths.Length] : next;
            producer.Load = load;
            producer.RenderState();
            Emit(index, producer.Observe());
            _counts.Changes++;
        }
    }

    /// <summary>Breaks or mends the link between two live switches; false when fewer than two or the draw picked one twice.</summary>
    private bool ToggleRandomLink()
    {
        if (_switches.Count < 2)
        {
            return false;
        }

        var a = _switches[_random.Next(_switches.Count)];
        var b = _switches[_random.Next(_switches.Count)];
        if (ReferenceEquals(a, b) || a.Removed || b.Removed)
        {
            return false;
        }

        var link = Link(_producers[a.ProducerIndex].Id, _producers[b.ProducerIndex].Id);
        if (!_brokenLinks.Remove(link))
        {
            _brokenLinks.Add(link);
        }

        _counts.LinkChanges++;
        PostConnectivity(a);
        PostConnectivity(b);
        return true;
    }

    private void StartReboot(SimSwitch sw, SimProducer producer, int second)
    {
        sw.Rebooting = true;
        sw.Until = second + _spec.RebootSeconds;
        producer.Health = Health.Offline;
        Emit(sw.ProducerIndex, producer.Observe());
        _counts.Reboots++;
    }

    private void Build()
    {
        Add(ServerId, ProducerKind.Server, null, -1, 0, canChange: false);
        Add(ProducerId.Child(ServerId, "voicemail"), ProducerKind.LocalService, ServerId, -1, 0, canChange: false);
        for (var s = 0; s < _spec.SwitchesPerServer; s++)
        {
            var switchId = ProducerId.Child(ServerId, string.Create(CultureInfo.InvariantCulture, $"sw-{s + 1:00}"));
            Add(switchId, ProducerKind.Switch, ServerId, s, s + 1, canChange: false);
            Add(ProducerId.Child(switchId, "trunk-1"), ProducerKind.Trunk, switchId, s, 1, canChange: true);
            Add(ProducerId.Child(switchId, "trunk-2"), ProducerKind.Trunk, switchId, s, 2, canChange: true);
            Add(ProducerId.Child(switchId, "fan"), ProducerKind.Fan, switchId, s, 0, canChange: true);
            for (var d = 0; d < _spec.DevicesPerSwitch; d++)
            {
                Add(ProducerId.Child(switchId, string.Create(CultureInfo.InvariantCulture, $"dev-{d + 1:000}")), ProducerKind.Device, switchId, s, ((s + 1) * 1000) + d + 1, canChange: true);
            }
        }
    }

    private int Add(string id, string kind, string? parentId, int switchIndex, int number, bool canChange)
    {
        var producer = new SimProducer(id, kind, parentId, switchIndex, number, _random.Next(_byPhase.Length)) { Load = _random.Next(0, 10) };
        producer.RenderState();
        var index = _producers.Count;
        if (canChange)
        {
            _changeable.Add(index);
        }

        if (ProducerKind.IsSwitch(kind))
        {
            var n = _switches.Count + 1;
            _switches.Add(new SimSwitch(index)
            {
                // Locally administered, unique per server and switch; the IP is the switch's simulated LAN address.
                Mac = string.Create(CultureInfo.InvariantCulture, $"02:00:{(Index >> 8) & 0xff:x2}:{Index & 0xff:x2}:{(n >> 8) & 0xff:x2}:{n & 0xff:x2}"),
                Ip = string.Create(CultureInfo.InvariantCulture, $"10.{Index & 0xff}.{(n >> 8) & 0xff}.{n & 0xff}"),
            });
        }

        _producers.Add(producer);
        _byId[id] = index;
        _byPhase[producer.Phase].Add(index);
        return index;
    }

    private SimProducer? Find(string producerId) => _byId.TryGetValue(producerId, out var index) ? _producers[index] : null;

    /// <summary>True while the producer's switch is down or dark (so neither it nor anything under it reports).</summary>
    private bool IsCutOff(SimProducer producer) => producer.SwitchIndex >= 0 && _switches[producer.SwitchIndex].Silent;

    private static bool IsChangeable(string kind) => kind is not (ProducerKind.Server or ProducerKind.LocalService or ProducerKind.Switch);

    private void Emit(int producer, Observation observation)
    {
        _output.Observe(new FleetObservation(Index, producer, observation));
        _counts.Observations++;
    }

    private void PostConnectivity(SimSwitch sw)
    {
        if (!_spec.ReportConnectivity || sw.Removed)
        {
            return;
        }

        _output.Connectivity(Index, _producers[sw.ProducerIndex].Id, Reachable(sw, Peers(sw, []), Site?.BrokenLinks()));
    }

    /// <summary>The server's other live switches and <paramref name="beyond"/> (the site's switches on other servers).</summary>
    private HashSet<string> Peers(SimSwitch sw, IReadOnlyList<string> beyond)
    {
        var peers = new HashSet<string>(beyond, StringComparer.Ordinal);
        foreach (var other in _switches)
        {
            if (!ReferenceEquals(other, sw) && !other.Removed)
            {
                peers.Add(_producers[other.ProducerIndex].Id);
            }
        }

        return peers;
    }

    /// <param name="siteBroken">The site's links broken by hand (<see cref="FleetSite.BrokenLinks"/>), taken before this server's lock.</param>
    private HashSet<string> Reachable(SimSwitch sw, HashSet<string> peers, HashSet<(string, string)>? siteBroken)
    {
        if (_brokenLinks.Count == 0 && siteBroken is null)
        {
            return new HashSet<string>(peers, StringComparer.Ordinal);
        }

        var id = _producers[sw.ProducerIndex].Id;
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var peer in peers)
        {
            var link = Link(id, peer);
            if (!_brokenLinks.Contains(link) && siteBroken?.Contains(link) != true)
            {
                reachable.Add(peer);
            }
        }

        return reachable;
    }

    private static (string, string) Link(string a, string b) => FleetSite.Link(a, b);
}
