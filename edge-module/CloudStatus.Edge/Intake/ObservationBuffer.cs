using System.Runtime.CompilerServices;
using CloudStatus.Edge.Heap;
using CloudStatus.Core.Filtering;
using CloudStatus.Core.History;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.History;
using CloudStatus.Hosting.Loops;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Uplink;

namespace CloudStatus.Edge.Intake;

/// <summary>
/// The local management service's buffer (E1): the latest observation per producer, the chatter filter applied at
/// intake (E5), and the first half of the event detector (E4): each observation's changes are classified at once by
/// the <see cref="EventRules"/> as "wait for the period" (dirty list) or "write now" (async list,
/// <see cref="AsyncPending"/> set). The hot path takes one cheap lock and updates a struct in place: no allocation per
/// observation in steady state. Transitions (and only transitions) are also noted in the <see cref="History"/>
/// recorder, unfiltered, for the local full-fidelity history. One lock guards the entries and the helpers that share
/// them (<see cref="WriteQueues"/>, <see cref="SilenceTracker"/>, <see cref="FlappingTracker"/>, <see cref="PendingAdds"/>).
/// </summary>
internal sealed class ObservationBuffer : IObservationIntake, IDisposable
{
    private readonly Lock _gate = new();
    private readonly BufferedProducers _entries;
    private readonly PendingAdds _pendingAdds = new();
    private readonly WriteQueues _queues;
    private readonly SilenceTracker _silence;
    private readonly FlappingTracker _flapping;
    private readonly ConnectivityTracker _connectivity;
    private readonly MonotonicClock _clock;
    private long _observations;

    public ObservationBuffer(
        ChatterOptions chatter,
        EventRuleOptions rules,
        ConnectivityTracker connectivity,
        TimeProvider timeProvider,
        HistoryRecorder? history = null,
        ProducerIndex? producers = null)
    {
        _entries = new BufferedProducers(producers ?? new ProducerIndex());
        Rules = new EventRules(rules);
        History = history;
        _queues = new WriteQueues(_entries);
        _silence = new SilenceTracker(_entries);
        _flapping = new FlappingTracker(chatter, _entries, _queues, history);
        _connectivity = connectivity;
        _clock = new MonotonicClock(timeProvider);
    }

    /// <summary>Set when a producer waits for an async write.</summary>
    public AsyncSignal AsyncPending { get; } = new();

    public EventRules Rules { get; }

    public long ObservationCount => Interlocked.Read(ref _observations);

    /// <summary>Where transitions are noted for the local history; null when the node keeps none.</summary>
    public HistoryRecorder? History { get; }

    public void Post(in Observation observation)
    {
        var nowMs = _clock.NowMilliseconds;
        var id = observation.ProducerId;
        bool writeNow;
        lock (_gate)
        {
            _observations++;
            ref var entry = ref _entries.GetOrAdd(id, out var slot, out var known);
            var previous = entry.Reported;
            var changes = entry.Place(observation.Kind, observation.ParentId, Rules);
            changes |= known ? IntakeChanges.None : Appear(slot, ref entry);
            changes |= entry.Identify(observation.Mac, observation.Ip);
            changes |= Match(id, ref entry, changes);
            changes |= SilenceTracker.Heard(ref entry, nowMs);
            changes |= entry.Describe(observation.State, (changes & IntakeChanges.Added) != 0 ? null : observation.Config);
            changes |= _flapping.Observe(slot, ref entry, observation.Health, known, nowMs);
            changes |= EventOf(observation.Event);
            if (changes == IntakeChanges.None)
            {
                return;
            }

            History?.Note(id, changes, observation.Health, previous, entry.Health);
            if (changes == IntakeChanges.ReportedHealth)
            {
                return; // a transition the chatter filter holds back: nothing to write
            }

            writeNow = _queues.File(slot, ref entry, entry.Rules.Classify(changes));
        }

        if (writeNow)
        {
            AsyncPending.Set();
        }
    }

    public void PostConnectivity(string switchId, IReadOnlySet<string> reachableSwitchIds, IReadOnlySet<string>? peerSwitchIds = null) =>
        _connectivity.Update(switchId, reachableSwitchIds, peerSwitchIds);

    /// <summary>
    /// Seeds a producer known from the restored heap (not observed yet) so that silence detection covers it from now
    /// on. A silent record whose parent is not silent is the root of a silence and is seeded as silenced.
    /// </summary>
    public void Seed(in HeapWrite record, bool silencedRoot)
    {
        var nowMs = _clock.NowMilliseconds;
        lock (_gate)
        {
            ref var entry = ref _entries.GetOrAdd(record.ProducerId, out var slot, out var exists);
            if (!exists)
            {
                entry = BufferedProducer.Seeded(record, Rules.For(record.Kind), silencedRoot, nowMs);
                _silence.Watch(slot, ref entry);
            }
        }
    }

    /// <summary>Replaces a buffered producer's configuration (an add command for a producer already known).</summary>
    public void SetConfig(string producerId, string? config)
    {
        lock (_gate)
        {
            ref var entry = ref _entries.Find(producerId);
            if (!Unsafe.IsNullRef(ref entry))
            {
                entry.Config = config;
            }
        }
    }

    /// <summary>Puts drained producers back (their write failed), so the next write tries again.</summary>
    public void Requeue(IEnumerable<ProducerView> views, bool isAsync)
    {
        bool writeNow;
        lock (_gate)
        {
            writeNow = _queues.Requeue(views, isAsync);
        }

        if (writeNow)
        {
            AsyncPending.Set();
        }
    }

    /// <summary>Keeps an add until its producer shows up; null when kept, else why it was refused.</summary>
    public string? AddPending(PendingAdd add)
    {
        lock (_gate)
        {
            return _pendingAdds.Set(add);
        }
    }

    /// <summary>The add <paramref name="producerId"/> took when it showed up, once its configuration was pushed; null when none.</summary>
    public PendingAdd? TakeMatchedAdd(string producerId)
    {
        lock (_gate)
        {
            return _pendingAdds.TakeMatched(producerId);
        }
    }

    /// <summary>Ids of the buffered producers whose MAC is <paramref name="mac"/> or, when no MAC is given, whose IP is <paramref name="ip"/>.</summary>
    public List<string> FindByIdentity(string? mac, string? ip)
    {
        lock (_gate)
        {
            List<string> found = [];
            foreach (var slot in _entries.Slots())
            {
                var extras = _entries.At(slot).Extras;
                if (mac is not null ? string.Equals(extras?.Mac, mac, StringComparison.Ordinal) : ip is not null && string.Equals(extras?.Ip, ip, StringComparison.Ordinal))
                {
                    found.Add(_entries.IdOf(slot));
                }
            }

            found.Sort(StringComparer.Ordinal);
            return found;
        }
    }

    public bool TryGet(string producerId, out ProducerView view)
    {
        lock (_gate)
        {
            ref var entry = ref _entries.Find(producerId);
            var found = !Unsafe.IsNullRef(ref entry);
            view = found ? entry.ToView(producerId) : default;
            return found;
        }
    }

    /// <summary>True when the producer or one of its buffered ancestors is silenced.</summary>
    public bool IsUnderSilence(string producerId)
    {
        lock (_gate)
        {
            return _silence.IsUnderSilence(producerId);
        }
    }

    /// <inheritdoc cref="WriteQueues.DrainDirty"/>
    public List<ProducerView> DrainDirty()
    {
        lock (_gate)
        {
            return _queues.DrainDirty();
        }
    }

    /// <inheritdoc cref="WriteQueues.DrainAsync"/>
    public List<ProducerView> DrainAsync()
    {
        lock (_gate)
        {
            return _queues.DrainAsync();
        }
    }

    /// <summary>
    /// Re-evaluates flapping producers with their last report so that one which went quiet can stop flapping even if it
    /// never reports again. Returns how many stopped.
    /// </summary>
    public int SettleFlapping()
    {
        var nowMs = _clock.NowMilliseconds;
        (int Stopped, bool WriteNow) settled;
        lock (_gate)
        {
            settled = _flapping.Settle(nowMs);
        }

        if (settled.WriteNow)
        {
            AsyncPending.Set();
        }

        return settled.Stopped;
    }

    /// <summary>Marks as silenced every watched producer not heard for longer than <paramref name="timeout"/>; returns the newly silenced.</summary>
    public List<string> MarkSilent(TimeSpan timeout)
    {
        var nowMs = _clock.NowMilliseconds;
        lock (_gate)
        {
            return _silence.MarkSilent(nowMs, (long)timeout.TotalMilliseconds);
        }
    }

    /// <summary>Forgets producers (deleted): their next observation makes them appear anew.</summary>
    public void Remove(IEnumerable<string> producerIds)
    {
        lock (_gate)
        {
            var slots = new HashSet<int>();
            foreach (var id in producerIds)
            {
                var slot = _entries.SlotOf(id);
                if (slot >= 0)
                {
                    slots.Add(slot);
                }
            }

            _queues.Forget(slots);
            _silence.Forget(slots);
            _flapping.Forget(slots);
            foreach (var slot in slots)
            {
                _entries.Remove(slot);
            }
        }
    }

    /// <summary>Ids of buffered producers under <paramref name="producerId"/> (any depth), for producers not yet in the heap.</summary>
    public List<string> BufferedDescendantsOf(string producerId)
    {
        lock (_gate)
        {
            return BufferedTree.DescendantsOf(_entries, producerId);
        }
    }

    public void Dispose() => AsyncPending.Dispose();

    private static IntakeChanges EventOf(string? evt) => evt switch
    {
        ObservationEvents.Reboot => IntakeChanges.Reboot,
        ObservationEvents.Delete => IntakeChanges.Delete,
        _ => IntakeChanges.None,
    };

    /// <summary>A producer first heard: watched if it must keep reporting.</summary>
    private IntakeChanges Appear(int slot, ref BufferedProducer entry)
    {
        _silence.Watch(slot, ref entry);
        return IntakeChanges.Appeared;
    }

    /// <summary>
    /// A producer that appeared, or whose MAC or IP became known, takes the add command that waited for it (by id, then
    /// MAC, then IP): its configuration replaces the reported one and is pushed to it after the write.
    /// </summary>
    private IntakeChanges Match(string producerId, ref BufferedProducer entry, IntakeChanges changes)
    {
        var appeared = (changes & IntakeChanges.Appeared) != 0;
        var identified = (changes & IntakeChanges.Identity) != 0 && _pendingAdds.AnyByIdentity;
        if ((!appeared && !identified) || !_pendingAdds.TryTake(producerId, entry.Mac, entry.Ip, out var add, out var matchedBy))
        {
            return IntakeChanges.None;
        }

        entry.Config = add!.Config;
        History?.Record(producerId, LocalEventTypes.Configured, detail: $"add for '{add.ProducerId}' matched by {matchedBy}");
        return IntakeChanges.Added;
    }
}
