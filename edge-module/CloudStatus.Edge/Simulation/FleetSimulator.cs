using System.Globalization;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Producers;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Simulation;

/// <summary>
/// The switches, devices, trunks, fans and voicemail service of one local server, deterministic by seed: ids
/// <c>{serverId}.sw-03</c>, <c>{serverId}.sw-03.dev-017</c>, <c>{serverId}.sw-03.trunk-1</c>, <c>{serverId}.sw-03.fan</c>,
/// <c>{serverId}.voicemail</c>. <see cref="Tick"/> changes a share of the producers per minute, reports every switch,
/// the server and the local service as a keepalive, and keeps switch-to-switch connectivity. It is also the producers'
/// control (reboot, configuration, removal).
/// </summary>
internal sealed class FleetSimulator : IProducerControl, IDisposable
{
    private static readonly Health[] Healths = [Health.Online, Health.Degraded, Health.Offline];

    private readonly FleetSimulatorOptions _options;
    private readonly IObservationIntake _intake;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly List<SimulatedProducer> _all = [];
    private readonly Dictionary<string, SimulatedProducer> _byId = new(StringComparer.Ordinal);
    private readonly List<SimulatedProducer> _changeable = [];
    private readonly List<SimulatedProducer> _keepalive = [];
    private readonly List<SimulatedProducer> _switches = [];
    private readonly HashSet<(string, string)> _brokenLinks = [];
    private readonly List<ITimer> _timers = [];
    private DateTimeOffset? _lastTick;
    private double _changeCarry;

    public FleetSimulator(string serverId, FleetSimulatorOptions options, IObservationIntake intake, TimeProvider timeProvider, ILogger<FleetSimulator> logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serverId);
        ServerId = serverId;
        _options = options;
        _intake = intake;
        _timeProvider = timeProvider;
        _logger = logger;
        _random = new Random(options.Seed);
        Build();
    }

    public string ServerId { get; }

    public FleetSimulatorOptions Options => _options;

    /// <summary>Every simulated producer id, parents before children.</summary>
    public IReadOnlyList<string> ProducerIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _all.Select(p => p.Id)];
            }
        }
    }

    public Health? HealthOf(string producerId)
    {
        lock (_gate)
        {
            return _byId.TryGetValue(producerId, out var producer) ? producer.Health : null;
        }
    }

    /// <summary>Reports every producer and every switch's connectivity (at start, and after the server comes back).</summary>
    public void PublishAll()
    {
        lock (_gate)
        {
            foreach (var producer in _all)
            {
                _intake.Post(producer.Observe());
            }

            foreach (var sw in _switches)
            {
                PostConnectivityLocked(sw);
            }
        }
    }

    /// <summary>Advances the simulation to <paramref name="now"/>: changes, then keepalives.</summary>
    public void Tick(DateTimeOffset now)
    {
        lock (_gate)
        {
            var elapsedMinutes = _lastTick is { } last && now > last ? (now - last).TotalMinutes : 0;
            _lastTick = now;
            _changeCarry += _options.ChangeRate * _changeable.Count * elapsedMinutes;
            var changes = (int)Math.Floor(_changeCarry);
            _changeCarry -= changes;
            for (var i = 0; i < changes && _changeable.Count > 0; i++)
            {
                ChangeOneLocked();
            }

            foreach (var producer in _keepalive)
            {
                _intake.Post(producer.Observe());
            }
        }
    }

    /// <summary>Sets a producer's health (dev route); false when unknown.</summary>
    public bool SetHealth(string producerId, Health health)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(producerId, out var producer))
            {
                return false;
            }

            producer.Health = health;
            _intake.Post(producer.Observe());
            return true;
        }
    }

    public Task<ProducerControlResult> RebootAsync(string producerId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(producerId, out var producer))
            {
                return Task.FromResult(ProducerControlResult.UnknownProducer);
            }

            if (!ProducerKind.IsSwitch(producer.Kind))
            {
                return Task.FromResult(ProducerControlResult.NotSupported);
            }

            if (!producer.Rebooting)
            {
                producer.Rebooting = true;
                producer.Health = Health.Offline;
                _intake.Post(producer.Observe());
                Log.SimulatedReboot(_logger, producerId, _options.RebootDuration);
                ITimer? timer = null;
                timer = _timeProvider.CreateTimer(_ => BootCompleted(producer, timer), null, _options.RebootDuration, Timeout.InfiniteTimeSpan);
                _timers.Add(timer);
            }

            return Task.FromResult(ProducerControlResult.Accepted);
        }
    }

    public Task<ProducerControlResult> ApplyConfigAsync(string producerId, string? config, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(producerId, out var producer))
            {
                return Task.FromResult(ProducerControlResult.UnknownProducer);
            }

            producer.Config = config;
            _intake.Post(producer.Observe());
            return Task.FromResult(ProducerControlResult.Accepted);
        }
    }

    /// <summary>
    /// A new piece of equipment is plugged in under <paramref name="parentId"/> and starts reporting; false when the id
    /// is taken or the parent is unknown.
    /// </summary>
    public bool Plug(string producerId, string kind, string parentId)
    {
        lock (_gate)
        {
            if (_byId.ContainsKey(producerId) || !_byId.ContainsKey(parentId))
            {
                return false;
            }

            Add(producerId, kind, parentId, _all.Count);
            _intake.Post(_byId[producerId].Observe());
            return true;
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
            foreach (var producer in _all)
            {
                if (producer.ParentId is not null && removed.Contains(producer.ParentId))
                {
                    removed.Add(producer.Id);
                }
            }

            _all.RemoveAll(p => removed.Contains(p.Id));
            _changeable.RemoveAll(p => removed.Contains(p.Id));
            _keepalive.RemoveAll(p => removed.Contains(p.Id));
            var switchRemoved = _switches.RemoveAll(p => removed.Contains(p.Id)) > 0;
            foreach (var id in removed)
            {
                _byId.Remove(id);
            }

            if (switchRemoved)
            {
                _brokenLinks.RemoveWhere(l => removed.Contains(l.Item1) || removed.Contains(l.Item2));
                foreach (var sw in _switches)
                {
                    PostConnectivityLocked(sw);
                }
            }

            return Task.FromResult(ProducerControlResult.Accepted);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var timer in _timers)
            {
                timer.Dispose();
            }

            _timers.Clear();
        }
    }

    private void BootCompleted(SimulatedProducer producer, ITimer? timer)
    {
        lock (_gate)
        {
            if (timer is not null && _timers.Remove(timer))
            {
                timer.Dispose();
            }

            if (!producer.Rebooting || !_byId.ContainsKey(producer.Id))
            {
                return;
            }

            producer.Rebooting = false;
            producer.BootCount++;
            producer.Health = Health.Online;
            producer.RenderState();
            _intake.Post(producer.Observe(ObservationEvents.Reboot));
        }
    }

    private void Build()
    {
        Add(ServerId, ProducerKind.Server, null, 0);
        Add(ProducerId.Child(ServerId, "voicemail"), ProducerKind.LocalService, ServerId, 0);
        for (var s = 1; s <= _options.Switches; s++)
        {
            var switchId = ProducerId.Child(ServerId, string.Create(CultureInfo.InvariantCulture, $"sw-{s:00}"));
            Add(switchId, ProducerKind.Switch, ServerId, s);
            Add(ProducerId.Child(switchId, "trunk-1"), ProducerKind.Trunk, switchId, 1);
            Add(ProducerId.Child(switchId, "trunk-2"), ProducerKind.Trunk, switchId, 2);
            Add(ProducerId.Child(switchId, "fan"), ProducerKind.Fan, switchId, 0);
            for (var d = 1; d <= _options.DevicesPerSwitch; d++)
            {
                Add(ProducerId.Child(switchId, string.Create(CultureInfo.InvariantCulture, $"dev-{d:000}")), ProducerKind.Device, switchId, (s * 1000) + d);
            }
        }
    }

    private void Add(string id, string kind, string? parentId, int number)
    {
        var producer = new SimulatedProducer(id, kind, parentId, number) { Load = _random.Next(0, 10) };
        producer.RenderState();
        _all.Add(producer);
        _byId[id] = producer;
        switch (kind)
        {
            case ProducerKind.Server or ProducerKind.LocalService:
                _keepalive.Add(producer);
                break;
            case ProducerKind.Switch:
                _keepalive.Add(producer);
                _switches.Add(producer);
                break;
            default:
                _changeable.Add(producer);
                break;
        }
    }

    private void ChangeOneLocked()
    {
        if (_switches.Count >= 2 && _random.NextDouble() < _options.LinkChangeShare)
        {
            var a = _switches[_random.Next(_switches.Count)];
            var b = _switches[_random.Next(_switches.Count)];
            if (!ReferenceEquals(a, b))
            {
                var link = Link(a.Id, b.Id);
                if (!_brokenLinks.Remove(link))
                {
                    _brokenLinks.Add(link);
                }

                PostConnectivityLocked(a);
                PostConnectivityLocked(b);
                return;
            }
        }

        var producer = _changeable[_random.Next(_changeable.Count)];
        if (_random.NextDouble() < _options.FlappingShare)
        {
            // A bounce: several quick transitions the chatter filter should hold back.
            var bounces = 4 + _random.Next(0, 4);
            for (var i = 0; i < bounces; i++)
            {
                producer.Health = producer.Health == Health.Online ? Health.Offline : Health.Online;
                _intake.Post(producer.Observe());
            }

            return;
        }

        var next = Healths[_random.Next(Healths.Length)];
        producer.Health = next == producer.Health ? Healths[(Array.IndexOf(Healths, next) + 1) % Healths.Length] : next;
        producer.Load = _random.Next(0, 10);
        producer.RenderState();
        _intake.Post(producer.Observe());
    }

    private void PostConnectivityLocked(SimulatedProducer sw)
    {
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var other in _switches)
        {
            if (!ReferenceEquals(other, sw) && !_brokenLinks.Contains(Link(sw.Id, other.Id)))
            {
                reachable.Add(other.Id);
            }
        }

        _intake.PostConnectivity(sw.Id, reachable);
    }

    private static (string, string) Link(string a, string b) =>
        string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
}
