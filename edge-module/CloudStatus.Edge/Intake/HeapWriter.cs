using System.Globalization;
using CloudStatus.Core.Heap;
using CloudStatus.Core.Hierarchy;
using CloudStatus.Core.History;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Heap;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Uplink;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Intake;

/// <summary>
/// The local management service's writer (E3, E4, E8): turns the buffer into heap writes. Async producers are written
/// together at once (<see cref="RunAsyncWritesAsync"/>), the rest every period (<see cref="RunPeriodicWriteAsync"/>),
/// both through one write loop and always only what differs from the heap (<see cref="HeapDiff"/>). Silence
/// (<see cref="CheckSilenceAsync"/>) takes a producer and everything under it offline; deletes cascade as tombstones.
/// Each public method is one tick of a loop.
/// </summary>
internal sealed class HeapWriter : IDisposable
{
    private readonly ObservationBuffer _buffer;
    private readonly StatusHeap _heap;
    private readonly ConnectivityTracker _connectivity;
    private readonly EventRuleOptions _rules;
    private readonly IProducerControl? _control;
    private readonly ILogger _logger;
    private readonly EdgeMetrics _metrics;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public HeapWriter(
        ObservationBuffer buffer,
        StatusHeap heap,
        ConnectivityTracker connectivity,
        EventRuleOptions rules,
        IProducerControl? control,
        ILogger<HeapWriter> logger,
        EdgeMetrics metrics)
    {
        _buffer = buffer;
        _heap = heap;
        _connectivity = connectivity;
        _rules = rules;
        _control = control;
        _logger = logger;
        _metrics = metrics;
    }

    public ObservationBuffer Buffer => _buffer;

    /// <summary>Lets silence detection cover producers restored from the heap that never report again.</summary>
    public void SeedFromHeap()
    {
        foreach (var listed in _heap.Records())
        {
            if (listed.Deleted || !_buffer.Rules.For(listed.Kind).MustKeepReporting || !_heap.TryGetWrite(listed.ProducerId, out var record))
            {
                continue;
            }

            var parentSilent = record.ParentId is not null && _heap.TryGetWrite(record.ParentId, out var parent) && parent is { Silent: true, Deleted: false };
            _buffer.Seed(record, silencedRoot: record.Silent && !parentSilent);
        }
    }

    /// <summary>One periodic write: every producer changed since the last write, if it differs from the heap.</summary>
    public Task<int> RunPeriodicWriteAsync(CancellationToken cancellationToken = default)
    {
        _buffer.SettleFlapping();
        return WriteDrainedAsync(_buffer.DrainDirty(), isAsync: false, cancellationToken);
    }

    /// <summary>One async write: every producer waiting with an event, coalesced into a single heap write.</summary>
    public Task<int> RunAsyncWritesAsync(CancellationToken cancellationToken = default) =>
        WriteDrainedAsync(_buffer.DrainAsync(), isAsync: true, cancellationToken);

    /// <summary>One silence check: producers that must keep reporting and were not heard within the timeout go offline with everything under them.</summary>
    public async Task<int> CheckSilenceAsync(CancellationToken cancellationToken = default)
    {
        if (!_rules.Silent)
        {
            return 0;
        }

        var roots = _buffer.MarkSilent(_rules.SilenceTimeout);
        if (roots.Count == 0)
        {
            return 0;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writes = new WriteSet();
            foreach (var root in roots)
            {
                var ids = CascadeDelete.Collect(root, _heap.LiveChildrenOf);
                var before = writes.Count;
                foreach (var id in ids)
                {
                    if (_heap.TryGetWrite(id, out var record) && !record.Deleted)
                    {
                        var write = record with { Health = Health.Offline, Silent = true, Event = RecordEvents.Silent };
                        if (_heap.Differs(write))
                        {
                            writes.TryAdd(write);
                        }
                    }
                    else if (id == root && _buffer.TryGet(root, out var view))
                    {
                        writes.TryAdd(Desired(view, RecordEvents.Silent));
                    }
                }

                var descendants = Math.Max(0, writes.Count - before - 1);
                Log.ProducerSilent(_logger, root, descendants);
                _buffer.History?.Record(root, LocalEventTypes.Silent, Health.Offline, detail: string.Create(CultureInfo.InvariantCulture, $"{descendants} under it offline"));
            }

            return await WriteAsync(writes, isAsync: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes a producer and everything under it (tombstones, event "delete"); false when it is unknown.</summary>
    public async Task<bool> DeleteAsync(string producerId, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writes = new WriteSet();
            var removed = new List<string>();
            var found = CollectDelete(producerId, writes, removed);
            await WriteAsync(writes, isAsync: true, cancellationToken).ConfigureAwait(false);
            Forget(removed);
            if (found)
            {
                _buffer.History?.Record(producerId, LocalEventTypes.Delete, detail: "delete command");
            }

            return found;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// An add command (E9): a producer already known gets the configuration now (written, then pushed to it);
    /// otherwise the add waits until a producer with that id first shows up.
    /// </summary>
    public async Task<AddResult> AddAsync(PendingAdd add, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(add);
        string target;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (found, refusal) = FindAddTarget(add);
            if (refusal is not null)
            {
                Log.AddRefused(_logger, add.ProducerId, refusal);
                return new AddResult(AddOutcome.Refused, add.ProducerId, refusal);
            }

            if (found is null)
            {
                if (_buffer.AddPending(add) is { } conflict)
                {
                    Log.AddRefused(_logger, add.ProducerId, conflict);
                    return new AddResult(AddOutcome.Refused, add.ProducerId, conflict);
                }

                Log.AddPending(_logger, add.ProducerId);
                return new AddResult(AddOutcome.Pending, add.ProducerId);
            }

            target = found;
            _heap.TryGetWrite(target, out var existing);
            var known = _buffer.TryGet(target, out var view);
            _buffer.SetConfig(target, add.Config);
            var write = known
                ? Desired(view with { Config = add.Config }, RecordEvents.Add)
                : existing with { Config = add.Config, Deleted = false, Event = RecordEvents.Add };
            var writes = new WriteSet();
            writes.TryAdd(write);
            await WriteAsync(writes, isAsync: true, cancellationToken).ConfigureAwait(false);
            Log.AddApplied(_logger, target);
            _buffer.History?.Record(target, LocalEventTypes.Configured, detail: target == add.ProducerId ? "add command applied" : $"add for '{add.ProducerId}' applied");
        }
        finally
        {
            _gate.Release();
        }

        // An unreachable producer fails the add command (ProducerUnreachableException); the heap keeps the configuration.
        return Outcome(target, await PushConfigAsync(target, add.Config, cancellationToken).ConfigureAwait(false));
    }

    private static AddResult Outcome(string target, ProducerControlResult? answer) => answer is { } refused and not ProducerControlResult.Accepted
        ? new AddResult(AddOutcome.NotTaken, target, refused == ProducerControlResult.UnknownProducer ? "the equipment does not know it" : "no adapter of this module can configure it")
        : new AddResult(AddOutcome.Applied, target);

    /// <summary>
    /// The known producer an add is for: the one with its id, else the one with its MAC, else the one with its IP
    /// (docs/adr/0080); null when none is known yet. Refused when the match names another producer than the id does,
    /// or more than one producer.
    /// </summary>
    private (string? ProducerId, string? Refusal) FindAddTarget(PendingAdd add)
    {
        var byId = _buffer.TryGet(add.ProducerId, out _) || (_heap.TryGetWrite(add.ProducerId, out var stored) && !stored.Deleted) ? add.ProducerId : null;
        foreach (var (key, value) in new[] { ("MAC", add.Mac), ("IP", add.Ip) })
        {
            if (value is null)
            {
                continue;
            }

            var matches = key == "MAC" ? _buffer.FindByIdentity(value, null) : _buffer.FindByIdentity(null, value);
            if (matches.Count > 1)
            {
                return (null, $"{key} {value} is the address of {matches.Count} producers ({string.Join(", ", matches.Take(5))}); which one is meant is ambiguous.");
            }

            if (matches.Count == 1 && byId is not null && matches[0] != byId)
            {
                return (null, $"'{add.ProducerId}' is a known producer but {key} {value} is the address of '{matches[0]}'; which one is meant is ambiguous.");
            }

            byId ??= matches.Count == 1 ? matches[0] : null;
        }

        return (byId, null);
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// Writes drained producers in one heap write, each only if it differs from the heap (or has an event that must be
    /// sent anyway). An async write carries each producer's event and pushes the configuration of adds that waited for
    /// their producer; a periodic write carries none. A failed write puts the producers back into the buffer.
    /// </summary>
    private async Task<int> WriteDrainedAsync(List<ProducerView> views, bool isAsync, CancellationToken cancellationToken)
    {
        if (views.Count == 0)
        {
            return 0;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        int count;
        var configPushes = new List<(string ProducerId, string? Config)>();
        try
        {
            var writes = new WriteSet();
            var removed = new List<string>();
            foreach (var view in views)
            {
                if ((view.Reasons & PendingReasons.Delete) != 0)
                {
                    CollectDelete(view.ProducerId, writes, removed);
                    continue;
                }

                HeapWrite? existing = _heap.TryGetWrite(view.ProducerId, out var stored) ? stored : null;
                var evt = isAsync ? EventFor(view.Reasons, existing) : null;
                var write = Desired(view, evt);
                if (evt is RecordEvents.Reboot or RecordEvents.Add || _heap.Differs(write))
                {
                    writes.TryAdd(write);
                }

                if (isAsync && (view.Reasons & PendingReasons.Added) != 0)
                {
                    configPushes.Add((view.ProducerId, view.Config));
                    Log.AddApplied(_logger, view.ProducerId);
                }

                if ((isAsync && (view.Reasons & PendingReasons.Resumed) != 0) || (existing is { Silent: true } && !write.Silent))
                {
                    if (isAsync)
                    {
                        Log.ProducerResumed(_logger, view.ProducerId);
                    }

                    CollectResume(view.ProducerId, writes, isAsync ? RecordEvents.Silent : null);
                }
            }

            count = await WriteAsync(writes, isAsync, cancellationToken).ConfigureAwait(false);
            Forget(removed);
            LogWrite(count, isAsync);
        }
        catch
        {
            _buffer.Requeue(views, isAsync);
            throw;
        }
        finally
        {
            _gate.Release();
        }

        // Store first, then tell the producer; the add that waited learns the equipment's answer (its command ends with it).
        foreach (var (producerId, config) in configPushes)
        {
            AddResult outcome;
            try
            {
                outcome = Outcome(producerId, await PushConfigAsync(producerId, config, cancellationToken).ConfigureAwait(false));
            }
            catch (ProducerUnreachableException ex)
            {
                Log.ConfigPushFailed(_logger, producerId, ex.Message);
                outcome = new AddResult(AddOutcome.NotTaken, producerId, ex.Message);
            }

            _buffer.TakeMatchedAdd(producerId)?.Completion.TrySetResult(outcome);
        }

        return count;
    }

    private static string? EventFor(PendingReasons reasons, HeapWrite? existing)
    {
        if ((reasons & PendingReasons.Reboot) != 0)
        {
            return RecordEvents.Reboot;
        }

        if ((reasons & PendingReasons.Added) != 0
            || ((reasons & PendingReasons.Appeared) != 0 && existing is null or { Deleted: true }))
        {
            return RecordEvents.Add;
        }

        if ((reasons & PendingReasons.Resumed) != 0)
        {
            return RecordEvents.Silent;
        }

        if ((reasons & PendingReasons.Flapping) != 0)
        {
            return RecordEvents.Flapping;
        }

        return (reasons & PendingReasons.HealthChange) != 0 ? RecordEvents.HealthChange : null;
    }

    private void LogWrite(int count, bool isAsync)
    {
        if (isAsync)
        {
            Log.AsyncWrite(_logger, count);
        }
        else
        {
            Log.PeriodicWrite(_logger, count);
        }
    }

    private HeapWrite Desired(ProducerView view, string? evt)
    {
        var silenced = _buffer.IsUnderSilence(view.ProducerId);
        return new HeapWrite(
            view.ProducerId,
            view.Kind,
            view.ParentId,
            silenced ? Health.Offline : view.Health,
            view.State,
            view.Config,
            Silent: silenced,
            Flapping: view.Flapping,
            Event: evt,
            Mac: view.Mac,
            Ip: view.Ip);
    }

    /// <summary>Brings back the silent descendants of a producer that is heard again, with their reported health.</summary>
    private void CollectResume(string rootId, WriteSet writes, string? evt)
    {
        foreach (var id in CascadeDelete.Collect(rootId, _heap.LiveChildrenOf))
        {
            if (id == rootId || writes.Contains(id) || !_heap.TryGetWrite(id, out var record) || record is not { Silent: true, Deleted: false })
            {
                continue;
            }

            var write = _buffer.TryGet(id, out var view) && view.Observed
                ? Desired(view, evt)
                : record with { Health = Health.Unknown, Silent = _buffer.IsUnderSilence(id), Event = evt };
            if (!write.Silent)
            {
                writes.TryAdd(write);
            }
        }
    }

    private bool CollectDelete(string producerId, WriteSet writes, List<string> removed)
    {
        var found = false;
        var ids = CascadeDelete.Collect(producerId, _heap.LiveChildrenOf);
        foreach (var id in ids)
        {
            if (_heap.TryGetWrite(id, out var record) && !record.Deleted)
            {
                writes.TryAdd(record with { Deleted = true, Event = RecordEvents.Delete });
                removed.Add(id);
                found = true;
            }
        }

        if (_buffer.TryGet(producerId, out _))
        {
            found = true;
            removed.Add(producerId);
            removed.AddRange(_buffer.BufferedDescendantsOf(producerId));
        }

        if (found)
        {
            Log.ProducerDeleted(_logger, producerId, Math.Max(0, ids.Count - 1));
        }

        return found;
    }

    private void Forget(List<string> removed)
    {
        if (removed.Count == 0)
        {
            return;
        }

        _buffer.Remove(removed);
        foreach (var id in removed)
        {
            _connectivity.Remove(id);
        }
    }

    private async Task<int> WriteAsync(WriteSet writes, bool isAsync, CancellationToken cancellationToken)
    {
        if (writes.Count == 0)
        {
            return 0;
        }

        await _heap.WriteAsync(writes.Writes, cancellationToken).ConfigureAwait(false);
        _metrics.HeapWritten(writes.Count, isAsync);
        return writes.Count;
    }

    /// <summary>The equipment's answer; null when this module has no control channel at all.</summary>
    private async Task<ProducerControlResult?> PushConfigAsync(string producerId, string? config, CancellationToken cancellationToken)
    {
        if (_control is null)
        {
            return null;
        }

        var result = await _control.ApplyConfigAsync(producerId, config, cancellationToken).ConfigureAwait(false);
        if (result != ProducerControlResult.Accepted)
        {
            Log.ConfigPushFailed(_logger, producerId, result.ToString());
        }

        return result;
    }
}
