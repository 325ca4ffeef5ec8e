using System.Text.Json;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace CloudStatus.Functions.Ingest;

/// <summary>
/// C1: applies one device-to-cloud message at a time, per server in arrival order, following the consistency design
/// (docs/adr and the team brief): dead letters, epochs, seq-newer apply, the resync deletion rule, the watermark
/// and gaps, heartbeats with digest comparison, throttled resync requests. Records first, server row last.
/// </summary>
/// <remarks>Public so a host can apply one message and see the outcome at once (the benchmark plays the Event Hubs trigger in virtual time).</remarks>
public sealed class StatusIngestor
{
    private readonly IServerStore _servers;
    private readonly IProducerStore _producers;
    private readonly IEventStore _events;
    private readonly IViewStore _views;
    private readonly IDeadLetterStore _deadLetters;
    private readonly ServerGate _gate;
    private readonly ResyncRequestQueue _resyncQueue;
    private readonly CentralMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly IngestOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;

    internal StatusIngestor(
        IServerStore servers,
        IProducerStore producers,
        IEventStore events,
        IViewStore views,
        IDeadLetterStore deadLetters,
        ServerGate gate,
        ResyncRequestQueue resyncQueue,
        CentralMetrics metrics,
        TimeProvider time,
        IOptions<IngestOptions> options,
        ILogger<StatusIngestor> logger)
    {
        _servers = servers;
        _producers = producers;
        _events = events;
        _views = views;
        _deadLetters = deadLetters;
        _gate = gate;
        _resyncQueue = resyncQueue;
        _metrics = metrics;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _retry = _options.MaxRetryAttempts == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<TransientStoreException>(),
                    MaxRetryAttempts = _options.MaxRetryAttempts,
                    Delay = _options.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    OnRetry = args =>
                    {
                        Log.IngestRetry(_logger, args.Outcome.Exception, args.AttemptNumber + 1);
                        return default;
                    },
                })
                .Build();
    }

    /// <summary>
    /// Applies one message. A message that is not a valid StatusBatch v1, or that claims another server than the
    /// device that sent it, is dead-lettered (never thrown). Store errors that persist past the retries are thrown.
    /// </summary>
    public async Task<IngestOutcome> ApplyAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        StatusBatch batch;
        try
        {
            batch = BatchCodec.Decode(message.Body.Span, message.ContentEncoding);
        }
        catch (Exception ex) when (ex is BatchFormatException or JsonException or InvalidDataException or NotSupportedException)
        {
            return await DeadLetterAsync(message, ex.Message, cancellationToken).ConfigureAwait(false);
        }

        if (!string.Equals(batch.ServerId, message.DeviceId, StringComparison.Ordinal))
        {
            return await DeadLetterAsync(
                message,
                $"Batch serverId '{batch.ServerId}' does not match the sending device '{message.DeviceId}'.",
                cancellationToken).ConfigureAwait(false);
        }

        using (await _gate.EnterAsync(batch.ServerId, cancellationToken).ConfigureAwait(false))
        {
            var now = _time.GetUtcNow();

            // Plan from a consistent read, then write exactly that plan; every write is idempotent, so a retried
            // write phase never double-counts what a failed attempt already stored.
            var plan = await _retry.ExecuteAsync(
                static (state, ct) => new ValueTask<ApplyPlan>(state.Self.PlanAsync(state.Batch, state.Bytes, state.Now, ct)),
                (Self: this, Batch: batch, Bytes: message.Body.Length, Now: now),
                cancellationToken).ConfigureAwait(false);
            await _retry.ExecuteAsync(
                static (state, ct) => new ValueTask(state.Self.WriteAsync(state.Plan, ct)),
                (Self: this, Plan: plan),
                cancellationToken).ConfigureAwait(false);
            var kind = batch.Kind.ToString().ToLowerInvariant();
            _metrics.BatchApplied(kind, batch.Records.Count, message.Body.Length);
            Log.BatchApplied(_logger, kind, batch.SeqFrom, batch.SeqTo, batch.ServerId, plan.Outcome.Applied, batch.Records.Count, plan.Server.Watermark);

            if (plan.Resync is { } resync)
            {
                _resyncQueue.Enqueue(resync);
                _metrics.ResyncRequested(resync.FromSeq == 0);
            }

            return plan.Outcome;
        }
    }

    /// <summary>
    /// Keeps a message ingest refuses (or that cannot even be read as one) for operators, with the reason and the raw
    /// bytes; transient store errors are retried like an apply's.
    /// </summary>
    public async Task<IngestOutcome> DeadLetterAsync(InboundMessage message, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var now = _time.GetUtcNow();
        var letter = new DeadLetter
        {
            Id = Guid.CreateVersion7(now).ToString("N"),
            DeviceId = message.DeviceId,
            Reason = reason,
            Body = message.Body.ToArray(),
            ContentEncoding = message.ContentEncoding,
            MessageId = message.MessageId,
            ReceivedAt = now,
        };
        await _retry.ExecuteAsync(
            static (state, ct) => new ValueTask(state.Store.AddAsync(state.Letter, ct)),
            (Store: _deadLetters, Letter: letter),
            cancellationToken).ConfigureAwait(false);
        _metrics.DeadLettered(message.Body.Length);
        Log.DeadLettered(_logger, message.DeviceId, reason);
        return new IngestOutcome { DeadLetterReason = reason };
    }

    /// <summary>Records first, the server row last: a crash in between leaves the watermark behind (a gap heals it).</summary>
    private async Task WriteAsync(ApplyPlan plan, CancellationToken cancellationToken)
    {
        var server = plan.Server;
        await _events.AppendAsync(plan.Events, cancellationToken).ConfigureAwait(false);
        await _producers.UpsertManyAsync(server.ServerId, plan.Writes, cancellationToken).ConfigureAwait(false);
        if (plan.Connectivity.Count > 0)
        {
            await _views.UpsertConnectivityAsync(server.TenantId, server.ServerId, plan.Connectivity, cancellationToken).ConfigureAwait(false);
        }

        await _servers.UpsertAsync(server, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ApplyPlan> PlanAsync(StatusBatch batch, int bytes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var serverId = batch.ServerId;
        var events = new List<StatusEvent>();
        var writes = new Dictionary<string, ProducerState>(StringComparer.Ordinal);
        IReadOnlyList<ProducerState>? all = null;

        var server = await _servers.GetAsync(serverId, cancellationToken).ConfigureAwait(false);
        var wasOnline = server?.Online ?? false;
        if (server is null)
        {
            server = new ServerState
            {
                ServerId = serverId,
                TenantId = batch.TenantId,
                SiteId = batch.SiteId,
                Epoch = batch.Epoch,
                RegisteredAt = now,
            };
            events.Add(ServerEvent(server, StatusEventTypes.ServerRegistered, now));
            Log.ServerRegistered(_logger, serverId, batch.TenantId, batch.SiteId, batch.Epoch);
        }
        else if (!string.Equals(server.Epoch, batch.Epoch, StringComparison.Ordinal))
        {
            // The server's heap restarted empty. (A late batch of an older epoch lands here too: epochs have no
            // order, so central follows it, and the next batch of the current epoch switches back and resyncs.)
            all = await _producers.ListAsync(serverId, cancellationToken).ConfigureAwait(false);
            foreach (var p in all.Where(p => !p.Deleted || p.Epoch.Length > 0))
            {
                // No epoch: the tombstone must not guard against any seq of whichever epoch comes next.
                writes[p.ProducerId] = p with { Deleted = true, Stale = false, CentralTimestamp = now, Epoch = string.Empty };
            }

            Log.EpochChanged(_logger, serverId, server.Epoch, batch.Epoch, writes.Count);
            events.Add(ServerEvent(server, StatusEventTypes.EpochChanged, now));
            server = server with
            {
                Epoch = batch.Epoch,
                Watermark = 0,
                LiveCount = 0,
                DigestHash = 0,
                Counts = HealthCounts.Zero,
                StaleCount = 0,
                LastResyncRequestAt = null,
                LastResyncFromSeq = null,
            };
        }

        var digest = new DigestState(server.LiveCount, server.DigestHash, server.Counts);
        var applied = 0;
        if (batch.Records.Count > 0)
        {
            var stored = await _producers.GetManyAsync(
                serverId, batch.Records.Select(r => r.ProducerId).ToHashSet(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
            foreach (var record in batch.Records.OrderBy(r => r.Seq))
            {
                var current = writes.TryGetValue(record.ProducerId, out var w) ? w : stored.GetValueOrDefault(record.ProducerId);
                if (current is not null && string.Equals(current.Epoch, batch.Epoch, StringComparison.Ordinal) && record.Seq <= current.Seq)
                {
                    continue; // redelivered or overtaken: the stored state is as new or newer
                }

                var wasLive = current is { Deleted: false } && string.Equals(current.Epoch, batch.Epoch, StringComparison.Ordinal);
                if (wasLive)
                {
                    digest.Remove(current!);
                }

                var next = new ProducerState
                {
                    TenantId = server.TenantId,
                    ServerId = serverId,
                    ProducerId = record.ProducerId,
                    Kind = record.Kind,
                    ParentId = record.ParentId,
                    Epoch = batch.Epoch,
                    Seq = record.Seq,
                    Health = record.Health,
                    State = record.State,
                    Config = record.Config,
                    LocalTimestamp = record.LocalTimestamp,
                    CentralTimestamp = now,
                    Deleted = record.Deleted,
                    Silent = record.Silent,
                    Flapping = record.Flapping,
                };
                if (!next.Deleted)
                {
                    digest.Add(next);
                }

                writes[record.ProducerId] = next;
                applied++;
                if (EventType(wasLive ? current : null, record) is { } type)
                {
                    events.Add(RecordEvent(next, type));
                }
            }
        }

        if (batch.Kind == BatchKind.Resync)
        {
            all ??= await _producers.ListAsync(serverId, cancellationToken).ConfigureAwait(false);
            var inBatch = batch.Records.Select(r => r.ProducerId).ToHashSet(StringComparer.Ordinal);
            var deleted = 0;
            foreach (var p in all)
            {
                var current = writes.GetValueOrDefault(p.ProducerId) ?? p;
                if (current.Deleted || !string.Equals(current.Epoch, batch.Epoch, StringComparison.Ordinal)
                    || current.Seq < batch.SeqFrom || current.Seq > batch.SeqTo || inBatch.Contains(current.ProducerId))
                {
                    continue;
                }

                // Its tombstone was purged at the edge before this resync: the resync is authoritative for [f, t].
                digest.Remove(current);
                var tombstone = current with { Deleted = true, Stale = false, CentralTimestamp = now };
                writes[current.ProducerId] = tombstone;
                events.Add(RecordEvent(tombstone, StatusEventTypes.Deleted));
                deleted++;
            }

            if (deleted > 0)
            {
                Log.ResyncDeleted(_logger, serverId, batch.SeqFrom, batch.SeqTo, deleted);
            }
        }

        var staleCount = server.StaleCount;
        if (!wasOnline || staleCount > 0)
        {
            // Any batch means the server is heard: clear the stale marks of the sweep.
            all ??= await _producers.ListAsync(serverId, cancellationToken).ConfigureAwait(false);
            foreach (var p in all)
            {
                var current = writes.GetValueOrDefault(p.ProducerId) ?? p;
                if (current.Stale)
                {
                    writes[p.ProducerId] = current with { Stale = false };
                }
            }

            staleCount = 0;
            if (events.Count == 0 || events[0].Type != StatusEventTypes.ServerRegistered)
            {
                events.Add(ServerEvent(server, StatusEventTypes.ServerOnline, now));
                Log.ServerOnline(_logger, serverId);
            }
        }

        var (watermark, resync) = AdvanceWatermark(server, batch, digest);
        if (resync is { FromSeq: 0 } && batch.Digest is { } edgeDigest)
        {
            // Before a full resync, recount from the stored rows: central's running digest may have drifted (a
            // write phase that died after the records), and a resync alone cannot fix counters of unchanged rows.
            all ??= await _producers.ListAsync(serverId, cancellationToken).ConfigureAwait(false);
            digest = DigestState.Recount(all.Select(p => writes.GetValueOrDefault(p.ProducerId) ?? p), batch.Epoch);
            var healed = edgeDigest.Count == digest.Count && DigestHash.TryParse(edgeDigest.Hash, out var edgeHash) && edgeHash == digest.Hash;
            Log.DigestRecounted(_logger, serverId, digest.Count, DigestHash.Format(digest.Hash), healed);
            if (healed)
            {
                resync = null;
            }
        }
        server = server with
        {
            Watermark = watermark,
            LiveCount = digest.Count,
            DigestHash = digest.Hash,
            Counts = digest.Counts,
            StaleCount = staleCount,
            Online = true,
            LastBatchAt = now,
            Batches = server.Batches + 1,
            Records = server.Records + batch.Records.Count,
            Bytes = server.Bytes + bytes,
        };
        if (batch.Kind == BatchKind.Heartbeat)
        {
            server = server with { LastHeartbeat = now, ClockOffsetMs = (now - batch.SentAt).TotalMilliseconds };
        }

        ResyncRequestItem? request = null;
        if (resync is { } r)
        {
            if (server.LastResyncRequestAt is { } last && now - last < _options.ResyncCooldown)
            {
                Log.ResyncThrottled(_logger, serverId, r.FromSeq, r.Reason, last);
            }
            else
            {
                request = new ResyncRequestItem(serverId, r.FromSeq, r.Reason);
                server = server with { LastResyncRequestAt = now, LastResyncFromSeq = r.FromSeq };
                Log.ResyncRequested(_logger, serverId, r.FromSeq, r.Reason);
            }
        }

        return new ApplyPlan(
            server,
            writes.Values,
            events,
            batch.Connectivity,
            new IngestOutcome { Applied = applied, ResyncFromSeq = request?.FromSeq },
            request);
    }

    private static (long Watermark, (long FromSeq, string Reason)? Resync) AdvanceWatermark(ServerState server, StatusBatch batch, DigestState digest)
    {
        var w = server.Watermark;
        switch (batch.Kind)
        {
            case BatchKind.Periodic or BatchKind.Resync:
                return batch.SeqFrom <= w + 1
                    ? (Math.Max(w, batch.SeqTo), null)
                    : (w, (w + 1, $"gap: {batch.Kind.ToString().ToLowerInvariant()} batch starts at {batch.SeqFrom}, watermark {w}"));
            case BatchKind.Async:
                // Sent ahead of a backlog on purpose: never a gap.
                return batch.SeqFrom <= w + 1 ? (Math.Max(w, batch.SeqTo), null) : (w, null);
            default:
                if (batch.SeqTo > w)
                {
                    return (w, (w + 1, $"gap: heartbeat at {batch.SeqTo}, watermark {w}"));
                }

                if (batch.SeqTo == w && batch.Digest is { } d
                    && (d.Count != digest.Count || !DigestHash.TryParse(d.Hash, out var hash) || hash != digest.Hash))
                {
                    return (w, (0, $"digest mismatch at {w}: edge {d.Count}/{d.Hash}, central {digest.Count}/{DigestHash.Format(digest.Hash)}"));
                }

                return (w, null);
        }
    }

    private static string? EventType(ProducerState? live, StatusRecord record)
    {
        if (record.Event is { Length: > 0 } named)
        {
            return named;
        }

        if (live is null)
        {
            return record.Deleted ? null : StatusEventTypes.Added;
        }

        if (record.Deleted)
        {
            return StatusEventTypes.Deleted;
        }

        return live.Health != record.Health || live.Silent != record.Silent || live.Flapping != record.Flapping
            ? StatusEventTypes.HealthChanged
            : null;
    }

    private static StatusEvent RecordEvent(ProducerState p, string type) => new()
    {
        EventId = EventIds.For(p.ServerId, p.Epoch, p.ProducerId, p.Seq, type),
        TenantId = p.TenantId,
        ServerId = p.ServerId,
        ProducerId = p.ProducerId,
        Type = type,
        Health = p.Health,
        Seq = p.Seq,
        LocalTimestamp = p.LocalTimestamp,
        CentralTimestamp = p.CentralTimestamp,
    };

    private static StatusEvent ServerEvent(ServerState server, string type, DateTimeOffset now) => new()
    {
        EventId = EventIds.ForServer(server.ServerId, type, now),
        TenantId = server.TenantId,
        ServerId = server.ServerId,
        ProducerId = server.ServerId,
        Type = type,
        CentralTimestamp = now,
    };

    /// <summary>What one batch changes: the rows to write (server row last) and the resync to request afterwards.</summary>
    private sealed record ApplyPlan(
        ServerState Server,
        IReadOnlyCollection<ProducerState> Writes,
        IReadOnlyList<StatusEvent> Events,
        IReadOnlyList<ConnectivityEntry> Connectivity,
        IngestOutcome Outcome,
        ResyncRequestItem? Resync);

    /// <summary>Central's digest of a server's live records, maintained exactly like the edge's.</summary>
    private sealed class DigestState(long count, ulong hash, HealthCounts counts)
    {
        public static DigestState Recount(IEnumerable<ProducerState> producers, string epoch)
        {
            var state = new DigestState(0, 0, HealthCounts.Zero);
            foreach (var p in producers)
            {
                if (!p.Deleted && string.Equals(p.Epoch, epoch, StringComparison.Ordinal))
                {
                    state.Add(p);
                }
            }

            return state;
        }

        public long Count { get; private set; } = count;
        public ulong Hash { get; private set; } = hash;
        public HealthCounts Counts { get; private set; } = counts;

        public void Add(ProducerState p)
        {
            Count++;
            Hash = unchecked(Hash + DigestHash.Of(p.ProducerId, p.Seq));
            Counts = Counts.Add(p.Health, 1);
        }

        public void Remove(ProducerState p)
        {
            Count--;
            Hash = unchecked(Hash - DigestHash.Of(p.ProducerId, p.Seq));
            Counts = Counts.Add(p.Health, -1);
        }
    }
}
