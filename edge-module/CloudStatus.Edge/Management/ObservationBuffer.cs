using System.Runtime.InteropServices;
using CloudStatus.Core.Filtering;
using CloudStatus.Core.History;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.History;
using CloudStatus.Hosting.Loops;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Upstream;

namespace CloudStatus.Edge.Management;

/// <summary>
/// The local management service's buffer (E1): the latest observation per producer, the chatter filter applied at
/// intake (E5), and the first half of the event detector (E4): each observation is classified at once as "wait for
/// the period" (dirty list) or "write now" (async list, <see cref="AsyncPending"/> set). The hot path takes one cheap
/// lock and updates a struct in place: no allocation per observation in steady state. Transitions (and only
/// transitions: a raw health change, a flap verdict, a reboot…) are also noted in the <see cref="History"/> recorder,
/// unfiltered, for the local full-fidelity history.
/// </summary>
internal sealed class ObservationBuffer : IObservationIntake, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, BufferedProducer> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PendingAdd> _pendingAdds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _healthChangeKinds;
    private readonly HashSet<string> _flappingKinds;
    private readonly HashSet<string> _silentKinds;
    private readonly ChatterFilter _chatter;
    private readonly EventRuleOptions _rules;
    private readonly ConnectivityTracker _connectivity;
    private readonly MonotonicClock _clock;
    private readonly HistoryRecorder? _history;
    private List<string> _dirty = [];
    private List<string> _async = [];
    private List<string> _watched = [];
    private List<string> _flapping = [];
    private long _observations;

    public ObservationBuffer(
        ChatterOptions chatter, EventRuleOptions rules, ConnectivityTracker connectivity, TimeProvider timeProvider, HistoryRecorder? history = null)
    {
        _history = history;
        _chatter = new ChatterFilter(chatter);
        _rules = rules;
        _connectivity = connectivity;
        _clock = new MonotonicClock(timeProvider);
        _healthChangeKinds = new HashSet<string>(rules.EffectiveHealthChangeKinds, StringComparer.Ordinal);
        _flappingKinds = new HashSet<string>(rules.EffectiveFlappingKinds, StringComparer.Ordinal);
        _silentKinds = new HashSet<string>(rules.EffectiveSilentKinds, StringComparer.Ordinal);
    }

    /// <summary>Set when a producer waits for an async write.</summary>
    public AsyncSignal AsyncPending { get; } = new();

    public long ObservationCount => Interlocked.Read(ref _observations);

    /// <summary>Where transitions are noted for the local history; null when the node keeps none.</summary>
    public HistoryRecorder? History => _history;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public void Post(in Observation observation)
    {
        var nowMs = _clock.NowMilliseconds;
        bool signal;
        lock (_gate)
        {
            _observations++;
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, observation.ProducerId, out var exists);
            var reasons = PendingReasons.None;
            var changed = false;
            if (!exists)
            {
                entry.Kind = observation.Kind;
                entry.ParentId = observation.ParentId;
                entry.Watched = _silentKinds.Contains(observation.Kind);
                if (entry.Watched)
                {
                    _watched.Add(observation.ProducerId);
                }

                reasons |= _rules.Add ? PendingReasons.Appeared : PendingReasons.None;
                _history?.Record(observation.ProducerId, LocalEventTypes.Appeared, observation.Health);
                if (_pendingAdds.Remove(observation.ProducerId, out var add))
                {
                    entry.Config = add.Config;
                    reasons |= PendingReasons.Added;
                    _history?.Record(observation.ProducerId, LocalEventTypes.Configured, detail: "pending add applied");
                }

                changed = true;
            }
            else
            {
                if (!string.Equals(entry.Kind, observation.Kind, StringComparison.Ordinal)
                    || !string.Equals(entry.ParentId, observation.ParentId, StringComparison.Ordinal))
                {
                    entry.Kind = observation.Kind;
                    entry.ParentId = observation.ParentId;
                    changed = true;
                }
            }

            entry.LastHeardMs = nowMs;
            if (entry.Silenced)
            {
                entry.Silenced = false;
                reasons |= PendingReasons.Resumed;
                _history?.Record(observation.ProducerId, LocalEventTypes.Resumed, observation.Health);
            }

            if (observation.State is not null && !string.Equals(entry.State, observation.State, StringComparison.Ordinal))
            {
                entry.State = observation.State;
                changed = true;
            }

            if (observation.Config is not null && (reasons & PendingReasons.Added) == 0
                && !string.Equals(entry.Config, observation.Config, StringComparison.Ordinal))
            {
                entry.Config = observation.Config;
                changed = true;
            }

            var before = entry.Observed ? ChatterFilter.EffectiveHealth(in entry.Chatter) : entry.Reported;
            if (exists && entry.Reported != observation.Health)
            {
                // Full fidelity: every raw transition, also those the chatter filter holds back.
                _history?.Record(observation.ProducerId, LocalEventTypes.Health, observation.Health, entry.Reported);
            }

            entry.Observed = true;
            entry.Reported = observation.Health;
            var verdict = _chatter.Observe(ref entry.Chatter, observation.Health, nowMs);
            if (ChatterFilter.EffectiveHealth(in entry.Chatter) != before)
            {
                changed = true;
                if (exists && _rules.HealthChange && _healthChangeKinds.Contains(entry.Kind))
                {
                    reasons |= PendingReasons.HealthChange;
                }
            }

            if (verdict is ChatterVerdict.StartedFlapping or ChatterVerdict.StoppedFlapping)
            {
                changed = true;
                if (verdict == ChatterVerdict.StartedFlapping)
                {
                    _flapping.Add(observation.ProducerId);
                }

                _history?.Record(
                    observation.ProducerId,
                    verdict == ChatterVerdict.StartedFlapping ? LocalEventTypes.FlappingStarted : LocalEventTypes.FlappingStopped,
                    ChatterFilter.EffectiveHealth(in entry.Chatter));

                if (_rules.Flapping && _flappingKinds.Contains(entry.Kind))
                {
                    reasons |= PendingReasons.Flapping;
                }
            }

            if (observation.Event is { } evt)
            {
                if (string.Equals(evt, ObservationEvents.Reboot, StringComparison.Ordinal))
                {
                    _history?.Record(observation.ProducerId, LocalEventTypes.Reboot, observation.Health);
                    changed = true;
                    reasons |= _rules.Reboot ? PendingReasons.Reboot : PendingReasons.None;
                }
                else if (string.Equals(evt, ObservationEvents.Delete, StringComparison.Ordinal))
                {
                    // A delete always goes through the writer's delete path; the rule only decides whether it waits.
                    _history?.Record(observation.ProducerId, LocalEventTypes.Delete, detail: "reported by the producer");
                    entry.Reasons |= PendingReasons.Delete;
                    changed = true;
                    if (_rules.Delete)
                    {
                        reasons |= PendingReasons.Delete;
                    }
                }
            }

            if (changed && !entry.Dirty)
            {
                entry.Dirty = true;
                _dirty.Add(observation.ProducerId);
            }

            signal = reasons != PendingReasons.None;
            if (signal)
            {
                entry.Reasons |= reasons;
                if (!entry.Queued)
                {
                    entry.Queued = true;
                    _async.Add(observation.ProducerId);
                }
            }
        }

        if (signal)
        {
            AsyncPending.Set();
        }
    }

    public void PostConnectivity(string switchId, IReadOnlySet<string> reachableSwitchIds) =>
        _connectivity.Update(switchId, reachableSwitchIds);

    /// <summary>
    /// Seeds a producer known from the restored heap (not observed yet) so that silence detection covers it from now
    /// on. A silent record whose parent is not silent is the root of a silence and is seeded as silenced.
    /// </summary>
    public void Seed(StatusRecord record, bool silencedRoot)
    {
        var nowMs = _clock.NowMilliseconds;
        lock (_gate)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, record.ProducerId, out var exists);
            if (exists)
            {
                return;
            }

            entry.Kind = record.Kind;
            entry.ParentId = record.ParentId;
            entry.Reported = record.Health;
            entry.State = record.State;
            entry.Config = record.Config;
            entry.LastHeardMs = nowMs;
            entry.Silenced = silencedRoot;
            entry.Watched = _silentKinds.Contains(record.Kind);
            if (entry.Watched)
            {
                _watched.Add(record.ProducerId);
            }
        }
    }

    /// <summary>Replaces a buffered producer's configuration (an add command for a producer already known).</summary>
    public void SetConfig(string producerId, string? config)
    {
        lock (_gate)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, producerId);
            if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry))
            {
                entry.Config = config;
            }
        }
    }

    /// <summary>Puts drained producers back (their write failed), so the next write tries again.</summary>
    public void Requeue(IEnumerable<ProducerView> views, bool isAsync)
    {
        var signal = false;
        lock (_gate)
        {
            foreach (var view in views)
            {
                ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, view.ProducerId);
                if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry))
                {
                    continue;
                }

                entry.Reasons |= view.Reasons;
                if (isAsync && !entry.Queued)
                {
                    entry.Queued = true;
                    _async.Add(view.ProducerId);
                    signal = true;
                }
                else if (!isAsync && !entry.Dirty)
                {
                    entry.Dirty = true;
                    _dirty.Add(view.ProducerId);
                }
            }
        }

        if (signal)
        {
            AsyncPending.Set();
        }
    }

    public void AddPending(PendingAdd add)
    {
        lock (_gate)
        {
            _pendingAdds[add.ProducerId] = add;
        }
    }

    public bool IsPendingAdd(string producerId)
    {
        lock (_gate)
        {
            return _pendingAdds.ContainsKey(producerId);
        }
    }

    public bool TryGet(string producerId, out ProducerView view)
    {
        lock (_gate)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, producerId);
            if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry))
            {
                view = default;
                return false;
            }

            view = ViewOf(producerId, in entry, entry.Reasons);
            return true;
        }
    }

    /// <summary>True when the producer or one of its buffered ancestors is silenced.</summary>
    public bool IsUnderSilence(string producerId)
    {
        lock (_gate)
        {
            string? id = producerId;
            for (var depth = 0; id is not null && depth < 32; depth++)
            {
                ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, id);
                if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry))
                {
                    return false;
                }

                if (entry.Silenced)
                {
                    return true;
                }

                id = entry.ParentId;
            }

            return false;
        }
    }

    /// <summary>Producers changed since the last drain that are not waiting for an async write.</summary>
    public List<ProducerView> DrainDirty()
    {
        lock (_gate)
        {
            var ids = _dirty;
            _dirty = [];
            var views = new List<ProducerView>(ids.Count);
            foreach (var id in ids)
            {
                ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, id);
                if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry) || !entry.Dirty)
                {
                    continue;
                }

                if (entry.Queued)
                {
                    continue; // the async writer takes it (and clears Dirty)
                }

                entry.Dirty = false;
                views.Add(ViewOf(id, in entry, entry.Reasons));
                entry.Reasons = PendingReasons.None;
            }

            return views;
        }
    }

    /// <summary>Producers waiting for an async write, with their reasons (which are cleared).</summary>
    public List<ProducerView> DrainAsync()
    {
        lock (_gate)
        {
            var ids = _async;
            _async = [];
            var views = new List<ProducerView>(ids.Count);
            foreach (var id in ids)
            {
                ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, id);
                if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry) || !entry.Queued)
                {
                    continue;
                }

                entry.Queued = false;
                entry.Dirty = false;
                views.Add(ViewOf(id, in entry, entry.Reasons));
                entry.Reasons = PendingReasons.None;
            }

            return views;
        }
    }

    /// <summary>
    /// Re-evaluates flapping producers with their last report so that one which went quiet can stop flapping even if it
    /// never reports again. Returns how many stopped.
    /// </summary>
    public int SettleFlapping()
    {
        var nowMs = _clock.NowMilliseconds;
        var stopped = 0;
        var signal = false;
        lock (_gate)
        {
            if (_flapping.Count == 0)
            {
                return 0;
            }

            var still = new List<string>(_flapping.Count);
            foreach (var id in _flapping)
            {
                ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, id);
                if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry) || !ChatterFilter.IsFlapping(in entry.Chatter))
                {
                    continue;
                }

                var verdict = _chatter.Observe(ref entry.Chatter, entry.Reported, nowMs);
                if (verdict == ChatterVerdict.StoppedFlapping || !ChatterFilter.IsFlapping(in entry.Chatter))
                {
                    stopped++;
                    _history?.Record(id, LocalEventTypes.FlappingStopped, ChatterFilter.EffectiveHealth(in entry.Chatter));
                    if (!entry.Dirty)
                    {
                        entry.Dirty = true;
                        _dirty.Add(id);
                    }

                    if (_rules.Flapping && _flappingKinds.Contains(entry.Kind))
                    {
                        entry.Reasons |= PendingReasons.Flapping;
                        if (!entry.Queued)
                        {
                            entry.Queued = true;
                            _async.Add(id);
                        }

                        signal = true;
                    }
                }
                else
                {
                    still.Add(id);
                }
            }

            _flapping = still;
        }

        if (signal)
        {
            AsyncPending.Set();
        }

        return stopped;
    }

    /// <summary>Marks as silenced every watched producer not heard for longer than <paramref name="timeout"/>; returns the newly silenced.</summary>
    public List<string> MarkSilent(TimeSpan timeout)
    {
        var nowMs = _clock.NowMilliseconds;
        var timeoutMs = (long)timeout.TotalMilliseconds;
        var result = new List<string>();
        lock (_gate)
        {
            var alive = new List<string>(_watched.Count);
            foreach (var id in _watched)
            {
                ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, id);
                if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry) || !entry.Watched)
                {
                    continue;
                }

                alive.Add(id);
                if (!entry.Silenced && nowMs - entry.LastHeardMs > timeoutMs)
                {
                    entry.Silenced = true;
                    result.Add(id);
                }
            }

            _watched = alive;
        }

        return result;
    }

    /// <summary>Forgets producers (deleted): their next observation makes them appear anew.</summary>
    public void Remove(IEnumerable<string> producerIds)
    {
        lock (_gate)
        {
            foreach (var id in producerIds)
            {
                _entries.Remove(id);
            }
        }
    }

    /// <summary>Ids of buffered producers under <paramref name="producerId"/> (any depth), for producers not yet in the heap.</summary>
    public List<string> BufferedDescendantsOf(string producerId)
    {
        lock (_gate)
        {
            var result = new List<string>();
            var frontier = new HashSet<string>(StringComparer.Ordinal) { producerId };
            bool grew;
            do
            {
                grew = false;
                foreach (var (id, entry) in _entries)
                {
                    if (entry.ParentId is not null && frontier.Contains(entry.ParentId) && frontier.Add(id))
                    {
                        result.Add(id);
                        grew = true;
                    }
                }
            }
            while (grew);

            return result;
        }
    }

    public void Dispose() => AsyncPending.Dispose();

    private static ProducerView ViewOf(string id, in BufferedProducer entry, PendingReasons reasons) => new(
        id,
        entry.Kind,
        entry.ParentId,
        entry.Observed ? ChatterFilter.EffectiveHealth(in entry.Chatter) : entry.Reported,
        entry.Observed && ChatterFilter.IsFlapping(in entry.Chatter),
        entry.State,
        entry.Config,
        reasons,
        entry.Observed);
}
