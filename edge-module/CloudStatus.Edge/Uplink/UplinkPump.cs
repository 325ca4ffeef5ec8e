using CloudStatus.Core.Wire;
using CloudStatus.Edge.Heap;
using CloudStatus.Hosting.Loops;
using CloudStatus.Edge.Transport;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Uplink;

/// <summary>
/// The local system manager (E7): pumps heap records with seq &gt; lastSent upstream as StatusBatch v1, async ones
/// ahead of any backlog, everything else as a compacted periodic catch-up split to the message limit; moves lastSent
/// only on acknowledgement; sends a heartbeat with the heap digest in every interval in which nothing else went up;
/// answers resync requests. Sends are serialized; the loops that call it live in <see cref="Hosting"/>.
/// </summary>
internal sealed class UplinkPump : IDisposable
{
    private readonly StatusHeap _heap;
    private readonly IUpstreamTransport _transport;
    private readonly ConnectivityTracker _connectivity;
    private readonly UplinkOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly EdgeMetrics _metrics;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly Lock _resyncGate = new();
    private readonly DeltaEncoder _deltas;
    private long? _pendingResyncFrom;
    private long _asyncAheadSentUpTo;
    private bool _sentSinceTick;
    private volatile bool _registrationPending;

    public UplinkPump(
        StatusHeap heap,
        IUpstreamTransport transport,
        ConnectivityTracker connectivity,
        UplinkOptions options,
        TimeProvider timeProvider,
        ILogger<UplinkPump> logger,
        EdgeMetrics metrics)
    {
        _heap = heap;
        _deltas = new DeltaEncoder(heap);
        _transport = transport;
        _connectivity = connectivity;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _metrics = metrics;
        _registrationPending = options.Registration is not null; // "on connect": the first batch this pump sends
        heap.Written += Wake.Set;
    }

    /// <summary>Set whenever there may be something to send (heap written, resync requested).</summary>
    public AsyncSignal Wake { get; } = new();

    public UplinkOptions Options => _options;

    /// <summary>Schedules a resync from <paramref name="fromSeq"/> (0 = full snapshot) on the pump; requests merge to the lowest.</summary>
    public void RequestResync(long fromSeq)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fromSeq);
        lock (_resyncGate)
        {
            _pendingResyncFrom = _pendingResyncFrom is { } existing ? Math.Min(existing, fromSeq) : fromSeq;
        }

        Log.ResyncRequested(_logger, fromSeq);
        Wake.Set();
    }

    /// <summary>One pump: a requested resync first, then every record with seq &gt; lastSent.</summary>
    public async Task<PumpResult> PumpAsync(CancellationToken cancellationToken = default)
    {
        await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var pendingCount = 0;
        try
        {
            var sent = false;
            long? resyncFrom;
            lock (_resyncGate)
            {
                resyncFrom = _pendingResyncFrom;
            }

            if (resyncFrom is { } from)
            {
                await SendResyncAsync(from, cancellationToken).ConfigureAwait(false);
                lock (_resyncGate)
                {
                    if (_pendingResyncFrom == from)
                    {
                        _pendingResyncFrom = null;
                    }
                }

                sent = true;
            }

            var pending = _heap.GetPending();
            pendingCount = pending.Records.Count;
            if (pending.MaxSeq <= pending.LastSent)
            {
                return sent ? PumpResult.Sent : PumpResult.Idle;
            }

            await SendPendingAsync(pending, cancellationToken).ConfigureAwait(false);
            return PumpResult.Sent;
        }
        catch (TransportUnavailableException ex)
        {
            _metrics.SendFailed();
            Log.TransportUnavailable(_logger, ex.Message, pendingCount, _options.RetryInitialDelay);
            return PumpResult.Failed;
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>
    /// The heartbeat tick, once per <see cref="UplinkOptions.HeartbeatInterval"/>: pumps, then sends a
    /// heartbeat with the digest if nothing else went up since the previous tick (or connectivity changed) and the heap
    /// is fully sent; then purges sent tombstones past retention. Returns whether a heartbeat was sent.
    /// </summary>
    public async Task<bool> RunHeartbeatTickAsync(CancellationToken cancellationToken = default)
    {
        var pumped = await PumpAsync(cancellationToken).ConfigureAwait(false);
        var heartbeat = false;
        if (pumped != PumpResult.Failed)
        {
            await _sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var connectivity = _connectivity.Pending();
                if (!_sentSinceTick || connectivity.Count > 0)
                {
                    heartbeat = await SendHeartbeatAsync(connectivity, cancellationToken).ConfigureAwait(false);
                }

                _sentSinceTick = false;
            }
            catch (TransportUnavailableException ex)
            {
                _metrics.SendFailed();
                Log.TransportUnavailable(_logger, ex.Message, 0, _options.RetryInitialDelay);
            }
            finally
            {
                _sendGate.Release();
            }
        }

        await _heap.PurgeTombstonesAsync(cancellationToken).ConfigureAwait(false);
        return heartbeat;
    }

    public void Dispose()
    {
        _heap.Written -= Wake.Set;
        Wake.Dispose();
        _sendGate.Dispose();
    }

    private async Task SendPendingAsync(HeapPending pending, CancellationToken cancellationToken)
    {
        var records = pending.Records;
        var asyncRecords = new List<StatusRecord>();
        var maxAsyncSeq = 0L;
        foreach (var record in records)
        {
            if (record.Event is not null)
            {
                asyncRecords.Add(record);
                maxAsyncSeq = record.Seq;
            }
        }

        var backlog = 0;
        foreach (var record in records)
        {
            if (record.Event is null && record.Seq < maxAsyncSeq)
            {
                backlog++;
            }
        }

        var connectivity = _connectivity.Pending();
        if (backlog > 0 && maxAsyncSeq > _asyncAheadSentUpTo)
        {
            // Async events first, alone; they do not move lastSent (the backlog below them is not acknowledged yet).
            var ahead = NewBatch(BatchKind.Async, pending.Epoch, asyncRecords[0].Seq, maxAsyncSeq, asyncRecords, [], digest: null);
            foreach (var chunk in BatchCodec.EncodeSplit(ahead, _options.Gzip, _options.MaxMessageBytes))
            {
                await SendAsync(chunk, cancellationToken).ConfigureAwait(false);
                Acknowledged(chunk.Batch, asyncRecords);
            }

            _asyncAheadSentUpTo = maxAsyncSeq;
            Log.AsyncAhead(_logger, asyncRecords.Count, backlog);
        }

        var kind = records.Count > 0 && asyncRecords.Count == records.Count ? BatchKind.Async : BatchKind.Periodic;
        var batch = NewBatch(kind, pending.Epoch, pending.LastSent + 1, pending.MaxSeq, records, connectivity, digest: null);
        var first = true;
        foreach (var chunk in BatchCodec.EncodeSplit(batch, _options.Gzip, _options.MaxMessageBytes))
        {
            await SendAsync(chunk, cancellationToken).ConfigureAwait(false);
            Acknowledged(chunk.Batch, records);
            await _heap.AdvanceLastSentAsync(chunk.Batch.SeqTo, cancellationToken).ConfigureAwait(false);
            if (first)
            {
                _connectivity.Acknowledge(connectivity);
                first = false;
            }
        }
    }

    private async Task SendResyncAsync(long fromSeq, CancellationToken cancellationToken)
    {
        var data = _heap.GetFrom(fromSeq);
        if (fromSeq > data.MaxSeq)
        {
            // Nothing at or above fromSeq: the digest tells central where this server stands.
            await SendHeartbeatAsync(_connectivity.Pending(), cancellationToken).ConfigureAwait(false);
            return;
        }

        var connectivity = fromSeq == 0 ? _connectivity.All() : _connectivity.Pending();
        var batch = NewBatch(BatchKind.Resync, data.Epoch, fromSeq, data.MaxSeq, data.Records, connectivity, digest: null);
        var first = true;
        foreach (var chunk in BatchCodec.EncodeSplit(batch, _options.Gzip, _options.MaxMessageBytes))
        {
            await SendAsync(chunk, cancellationToken).ConfigureAwait(false);
            Acknowledged(chunk.Batch, data.Records);
            if (chunk.Batch.SeqFrom <= _heap.LastSent + 1)
            {
                await _heap.AdvanceLastSentAsync(chunk.Batch.SeqTo, cancellationToken).ConfigureAwait(false);
            }

            if (first)
            {
                _connectivity.Acknowledge(connectivity);
                first = false;
            }
        }

        Log.ResyncSent(_logger, fromSeq, data.MaxSeq, data.Records.Count);
    }

    private async Task<bool> SendHeartbeatAsync(IReadOnlyList<ConnectivityEntry> connectivity, CancellationToken cancellationToken)
    {
        var state = _heap.GetState();
        if (state.MaxSeq != state.LastSent)
        {
            return false; // not fully sent: the digest would describe records central has not seen
        }

        var batch = NewBatch(BatchKind.Heartbeat, state.Epoch, state.LastSent, state.LastSent, [], connectivity, state.Digest);
        await SendAsync(new EncodedBatch(batch, BatchCodec.Encode(batch, _options.Gzip), _options.Gzip ? WireConstants.GzipEncoding : null), cancellationToken)
            .ConfigureAwait(false);
        _connectivity.Acknowledge(connectivity);
        Log.HeartbeatSent(_logger, state.LastSent, state.Digest.Count, state.Digest.Hash);
        return true;
    }

    private async Task SendAsync(EncodedBatch chunk, CancellationToken cancellationToken)
    {
        var kind = BatchKindNames.Of(chunk.Batch.Kind);
        var message = new OutboundMessage(
            chunk.Body,
            chunk.MessageId,
            WireConstants.JsonContentType,
            chunk.ContentEncoding,
            new Dictionary<string, string>(2, StringComparer.Ordinal)
            {
                [WireConstants.SchemaProperty] = WireConstants.SchemaV1,
                [WireConstants.KindProperty] = kind,
            });
        await _transport.SendAsync(message, cancellationToken).ConfigureAwait(false);
        _sentSinceTick = true;
        if (chunk.Batch.Registration is not null)
        {
            _registrationPending = false; // acknowledged: the baseline moves only on success
        }

        _metrics.BatchSent(kind, chunk.Body.Length, chunk.Batch.Records.Count);
        Log.BatchSent(_logger, kind, chunk.Batch.SeqFrom, chunk.Batch.SeqTo, chunk.Batch.Records.Count, chunk.Body.Length);
    }

    /// <summary>The hub took <paramref name="sent"/>: the heap records it carried become the delta baselines.</summary>
    private void Acknowledged(StatusBatch sent, IReadOnlyList<StatusRecord> heapRecords)
    {
        var ids = new HashSet<string>(sent.Records.Count, StringComparer.Ordinal);
        foreach (var record in sent.Records)
        {
            ids.Add(record.ProducerId);
        }

        _deltas.Acknowledge(heapRecords.Where(r => ids.Contains(r.ProducerId)));
    }

    /// <summary>A batch of <paramref name="records"/> (heap records) in their wire form: deltas but in a resync, which is whole.</summary>
    private StatusBatch NewBatch(
        BatchKind kind,
        string epoch,
        long seqFrom,
        long seqTo,
        IReadOnlyList<StatusRecord> records,
        IReadOnlyList<ConnectivityEntry> connectivity,
        HeapDigest? digest)
    {
        var sentAt = _timeProvider.GetUtcNow();
        var wire = new StatusRecord[records.Count];
        for (var i = 0; i < wire.Length; i++)
        {
            wire[i] = _deltas.ToWire(records[i], sentAt, allowDelta: kind != BatchKind.Resync);
        }

        return new()
        {
            TenantId = _options.TenantId,
            SiteId = _options.SiteId,
            ServerId = _options.ServerId,
            Epoch = epoch,
            SeqFrom = seqFrom,
            SeqTo = seqTo,
            Kind = kind,
            SentAt = sentAt,
            Records = wire,
            Connectivity = connectivity,
            Digest = digest,
            Registration = _registrationPending ? _options.Registration : null,
            PeerLoss = _options.PeerLoss?.Invoke(),
            Fences = _options.Fences?.Invoke() is { Count: > 0 } fences ? fences : null,
        };
    }
}
