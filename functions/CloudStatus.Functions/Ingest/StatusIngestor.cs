using System.Text.Json;
using CloudStatus.Core.Addresses;
using CloudStatus.Core.Central;
using CloudStatus.Core.Consistency;
using CloudStatus.Core.Ownership;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace CloudStatus.Functions.Ingest;

/// <summary>
/// C1: applies one device-to-cloud message at a time, per server in arrival order: dead-letters what is not a valid
/// batch of its device, then reads central's rows, lets <see cref="ApplyPlanner"/> decide (docs/adr/0002), and writes
/// the plan (records first, server row last), with retries of transient store errors.
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
    private readonly LeaseKeeper _leases;
    private readonly RegistrationOptions _registration;
    private readonly IDispatchQueue _dispatch;
    private readonly IAddressStore _addresses;
    private readonly CentralMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly IngestOptions _options;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly ProducerCache _cache;
    private readonly AddressJournalSignal? _journaled;

    internal StatusIngestor(
        IServerStore servers,
        IProducerStore producers,
        IEventStore events,
        IViewStore views,
        IDeadLetterStore deadLetters,
        ServerGate gate,
        LeaseKeeper leases,
        IOptions<RegistrationOptions> registration,
        IDispatchQueue dispatch,
        IAddressStore addresses,
        CentralMetrics metrics,
        TimeProvider time,
        IOptions<IngestOptions> options,
        ILogger<StatusIngestor> logger,
        AddressJournalSignal? journaled = null)
    {
        _journaled = journaled;
        _servers = servers;
        _producers = producers;
        _events = events;
        _views = views;
        _deadLetters = deadLetters;
        _gate = gate;
        _leases = leases;
        _registration = registration.Value;
        _dispatch = dispatch;
        _addresses = addresses;
        _metrics = metrics;
        _time = time;
        _options = options.Value;
        _logger = logger;
        _cache = new ProducerCache(_options.ProducerCacheSize);
        _retry = _options.MaxRetryAttempts == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder()
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<TransientStoreException>(),
                    MaxRetryAttempts = _options.MaxRetryAttempts,
                    Delay = _options.RetryDelay,
                    MaxDelay = _options.RetryMaxDelay,
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
            batch = BatchCodec.Decode(message.Body, message.ContentEncoding);
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
            var registration = batch.Registration is null ? null : await RegisterAsync(batch, now, cancellationToken).ConfigureAwait(false);
            if (batch.PeerLoss is { } loss)
            {
                await PeerLossAsync(batch, loss, cancellationToken).ConfigureAwait(false);
            }

            if (await FenceAsync(batch, registration, message.Body.Length, now, cancellationToken).ConfigureAwait(false) is not FenceRefusal.None and var refusal)
            {
                return new IngestOutcome { Fenced = refusal };
            }

            // Plan from a consistent read, then write exactly that plan; every write is idempotent, so a retried
            // write phase never double-counts what a failed attempt already stored.
            var (plan, reads, identity) = await _retry.ExecuteAsync(
                static (state, ct) => new ValueTask<(ApplyPlan, PlanReads, IReadOnlyList<AddressClaim>)>(state.Self.PlanAsync(state.Batch, state.Bytes, state.Now, ct)),
                (Self: this, Batch: batch, Bytes: message.Body.Length, Now: now),
                cancellationToken).ConfigureAwait(false);
            plan = plan with { Server = plan.Server with { Registration = registration ?? plan.Server.Registration, PeerLoss = batch.PeerLoss } };

            LogDecisions(plan, batch);
            try
            {
                await _retry.ExecuteAsync(
                    static (state, ct) => new ValueTask(state.Self.WriteAsync(state.BatchId, state.Plan, state.Identity, ct)),
                    (Self: this, BatchId: EventIds.ForBatch(batch), Plan: plan, Identity: identity),
                    cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _cache.Forget(batch.ServerId);
                throw;
            }

            _cache.Remember(plan.Server, reads.Asked, reads.Read, reads.All, plan.Writes);
            var kind = batch.Kind.ToString().ToLowerInvariant();
            _metrics.BatchApplied(kind, batch.Records.Count, message.Body.Length);
            Log.BatchApplied(_logger, kind, batch.SeqFrom, batch.SeqTo, batch.ServerId, plan.Applied, batch.Records.Count, plan.Server.Watermark);

            if (registration is { Accepted: true })
            {
                // The clearinghouse (docs/adr/0146): its neighbourhood hears who its neighbours are now.
                await _retry.ExecuteAsync(
                    static (state, ct) => new ValueTask(state.Dispatch.EnqueueAsync(state.Body, ct)),
                    (Dispatch: _dispatch, Body: DispatchMessage.Neighbours(batch.ServerId).ToJson()),
                    cancellationToken).ConfigureAwait(false);
            }

            if (plan.Resync is { } resync)
            {
                var body = DispatchMessage.Resync(batch.ServerId, resync.FromSeq, resync.Reason).ToJson();
                await _retry.ExecuteAsync(
                    static (state, ct) => new ValueTask(state.Dispatch.EnqueueAsync(state.Body, ct)),
                    (Dispatch: _dispatch, Body: body),
                    cancellationToken).ConfigureAwait(false);
                _metrics.ResyncRequested(resync.FromSeq == 0);
            }

            return new IngestOutcome { Applied = plan.Applied, ResyncFromSeq = plan.Resync?.FromSeq };
        }
    }

    /// <summary>
    /// Decides on the batch's registration (docs/adr/0121): refused with a reason for a site the tenant does not list
    /// or a failover peer of another tenant; accepted with a peer, it makes sure the pair has a failover lease.
    /// </summary>
    private async Task<RegistrationState> RegisterAsync(StatusBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var registration = batch.Registration!;
        var peer = registration.FailoverPeer is { } peerId
            ? await _retry.ExecuteAsync(static (state, ct) => new ValueTask<ServerState?>(state.Servers.GetAsync(state.PeerId, ct)), (Servers: _servers, PeerId: peerId), cancellationToken).ConfigureAwait(false)
            : null;
        var reason = RegistrationCheck.Refusal(registration, batch.TenantId, batch.SiteId, _registration.SitesOf(batch.TenantId), peer?.TenantId);
        if (reason is not null)
        {
            Log.RegistrationRefused(_logger, batch.ServerId, reason);
            return new RegistrationState { Registration = registration, Accepted = false, Reason = reason, ReceivedAt = now };
        }

        if (registration.FailoverPeer is { } failoverPeer)
        {
            await _retry.ExecuteAsync(
                static async (state, ct) => await state.Leases.PairAsync(state.Batch.TenantId, state.Batch.ServerId, state.Peer, ct).ConfigureAwait(false),
                (Leases: _leases, Batch: batch, Peer: failoverPeer),
                cancellationToken).ConfigureAwait(false);
        }

        Log.RegistrationAccepted(_logger, batch.ServerId, registration.SoftwareVersion, registration.FailoverPeer, registration.Subtrees.Count);
        return new RegistrationState { Registration = registration, Accepted = true, ReceivedAt = now };
    }

    /// <summary>
    /// The peer-link signal (docs/adr/0147): the paired peer says the primary stopped answering on the LAN. Only the
    /// peer the lease names is heard, and only while the primary holds; the arbiter believes it only when central has
    /// not heard the primary for <c>Leases:PeerSuspectAfter</c> either, so a cut LAN never moves the lease.
    /// </summary>
    private async Task PeerLossAsync(StatusBatch batch, PeerLinkLoss loss, CancellationToken cancellationToken)
    {
        var lease = await _retry.ExecuteAsync(
            static async (state, ct) => await state.Leases.GetAsync(state.Tenant, state.Primary, ct).ConfigureAwait(false),
            (Leases: _leases, Tenant: batch.TenantId, Primary: loss.ServerId),
            cancellationToken).ConfigureAwait(false);
        if (lease is null || lease.Phase != LeasePhase.Primary || !string.Equals(lease.PeerId, batch.ServerId, StringComparison.Ordinal))
        {
            return;
        }

        Log.PeerLinkLossReported(_logger, batch.ServerId, loss.ServerId, loss.LostSince);
        var primary = await _retry.ExecuteAsync(
            static async (state, ct) => await state.Servers.GetAsync(state.Primary, ct).ConfigureAwait(false),
            (Servers: _servers, Primary: loss.ServerId),
            cancellationToken).ConfigureAwait(false);
        await _retry.ExecuteAsync(
            static async (state, ct) => await state.Leases.PeerReportedLossAsync(state.Tenant, state.Primary, state.Heard, ct).ConfigureAwait(false),
            (Leases: _leases, Tenant: batch.TenantId, Primary: loss.ServerId, Heard: primary?.LastBatchAt),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The fencing check (docs/adr/0120) for a server that has a failover peer: hearing it may start or complete a
    /// handback; while its peer holds the lease nothing of its batch is applied, only that it was heard (so the sweep
    /// does not lose it again). What it sent meanwhile reaches central after handback through the watermark gap.
    /// </summary>
    private async Task<FenceRefusal> FenceAsync(StatusBatch batch, RegistrationState? registration, int bytes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lease = await _retry.ExecuteAsync(
            static async (state, ct) =>
            {
                var stored = await state.Leases.GetAsync(state.Batch.TenantId, state.Batch.ServerId, ct).ConfigureAwait(false);
                return stored is null ? null : (await state.Leases.PrimaryHeardAsync(stored, ct).ConfigureAwait(false))?.Lease;
            },
            (Leases: _leases, Batch: batch),
            cancellationToken).ConfigureAwait(false);
        var own = batch.Fences is { } presented && presented.TryGetValue(batch.ServerId, out var token) ? token : batch.Fence;
        var refusal = lease is null ? FenceRefusal.None : _leases.Admit(lease, batch.ServerId, own, batch.Records.Count);
        foreach (var (primaryId, taken) in batch.Fences ?? new Dictionary<string, long>())
        {
            if (refusal != FenceRefusal.None || string.Equals(primaryId, batch.ServerId, StringComparison.Ordinal))
            {
                continue;
            }

            var other = await _retry.ExecuteAsync(
                static async (state, ct) => await state.Leases.GetAsync(state.Tenant, state.Primary, ct).ConfigureAwait(false),
                (Leases: _leases, Tenant: batch.TenantId, Primary: primaryId),
                cancellationToken).ConfigureAwait(false);
            refusal = _leases.AdmitPresented(other, primaryId, batch.ServerId, taken, batch.Records.Count);
        }

        if (refusal == FenceRefusal.None)
        {
            return refusal;
        }

        // A server that presents a token it does not hold missed the call that told it of a lease change (it was
        // offline, the call failed): tell it again, at most once per RetellFencesAfter (docs/adr/0170).
        var presentedAny = batch.Fence is not null || batch.Fences is { Count: > 0 };
        var retell = await _retry.ExecuteAsync(
            static async (state, ct) =>
            {
                if (await state.Servers.GetAsync(state.ServerId, ct).ConfigureAwait(false) is not { } server)
                {
                    return false;
                }

                var retell = state.Presented && (server.FencesRetoldAt is not { } told || state.Now - told >= state.RetellAfter);
                await state.Servers.UpsertAsync(
                    server with
                    {
                        LastBatchAt = state.Now,
                        Batches = server.Batches + 1,
                        Bytes = server.Bytes + state.Bytes,
                        FencedBatches = server.FencedBatches + 1,
                        Registration = state.Registration ?? server.Registration,
                        PeerLoss = state.PeerLoss,
                        FencesRetoldAt = retell ? state.Now : server.FencesRetoldAt,
                    },
                    ct).ConfigureAwait(false);
                return retell;
            },
            (Servers: _servers, batch.ServerId, Now: now, Bytes: bytes, Registration: registration, batch.PeerLoss, Presented: presentedAny, RetellAfter: _leases.Options.RetellFencesAfter),
            cancellationToken).ConfigureAwait(false);
        if (retell)
        {
            Log.FencesRetold(_logger, batch.ServerId, refusal);
        }

        // A refused batch applies nothing, but its accepted registration still has its neighbourhood told (docs/adr/0146).
        if (retell || registration is { Accepted: true })
        {
            await _retry.ExecuteAsync(
                static (state, ct) => new ValueTask(state.Dispatch.EnqueueAsync(state.Body, ct)),
                (Dispatch: _dispatch, Body: DispatchMessage.Neighbours(batch.ServerId).ToJson()),
                cancellationToken).ConfigureAwait(false);
        }

        return refusal;
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

    /// <summary>
    /// Reads what the planner needs (the server row; the batch's producers unless this process's cache still holds
    /// them; every producer of the server only when a rule asks for them) and plans the batch.
    /// </summary>
    /// <remarks>Also the address journal items the plan's writes make (docs/adr/0110).</remarks>
    private async Task<(ApplyPlan Plan, PlanReads Reads, IReadOnlyList<AddressClaim> Identity)> PlanAsync(StatusBatch batch, int bytes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var server = await _servers.GetAsync(batch.ServerId, cancellationToken).ConfigureAwait(false);
        var ids = new HashSet<string>(batch.Records.Count, StringComparer.Ordinal);
        foreach (var record in batch.Records)
        {
            ids.Add(record.ProducerId);
        }

        IReadOnlyCollection<string> asked = ids;
        Dictionary<string, ProducerState> stored;
        if (_cache.TryGet(server, ids, out var cached, out var unknown))
        {
            asked = unknown;
            stored = cached;
            if (unknown.Count > 0)
            {
                foreach (var (id, row) in await _producers.GetManyAsync(batch.ServerId, unknown, cancellationToken).ConfigureAwait(false))
                {
                    stored[id] = row;
                }
            }
        }
        else
        {
            stored = ids.Count == 0
                ? new Dictionary<string, ProducerState>(StringComparer.Ordinal)
                : new Dictionary<string, ProducerState>(
                    await _producers.GetManyAsync(batch.ServerId, ids, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        }

        var input = new ApplyInput
        {
            Batch = batch,
            Bytes = bytes,
            Server = server,
            Stored = stored,
            Now = now,
            ResyncCooldown = _options.ResyncCooldown,
        };
        IReadOnlyDictionary<string, ProducerState> before = stored;
        if (ApplyPlanner.TryPlan(input, out var plan))
        {
            return (plan, new PlanReads(asked, stored, null), IdentityChanges.Detect(plan.Server.SiteId, plan.Writes, before, now));
        }

        var all = await _producers.ListAsync(batch.ServerId, cancellationToken).ConfigureAwait(false);
        before = all.ToDictionary(p => p.ProducerId, StringComparer.Ordinal);
        return ApplyPlanner.TryPlan(input with { All = all }, out plan)
            ? (plan, new PlanReads(asked, stored, all), IdentityChanges.Detect(plan.Server.SiteId, plan.Writes, before, now))
            : throw new InvalidOperationException("The apply planner asked for every producer row a second time.");
    }

    /// <summary>Events and producer rows first, the server row last: a crash in between leaves the watermark behind (a gap heals it).</summary>
    /// <remarks>The address journal first: an item whose write then fails is still a claim the edge made.</remarks>
    private async Task WriteAsync(string batchId, ApplyPlan plan, IReadOnlyList<AddressClaim> identity, CancellationToken cancellationToken)
    {
        var server = plan.Server;
        await _addresses.EnqueueAsync(identity, cancellationToken).ConfigureAwait(false);
        if (identity.Count > 0)
        {
            _journaled?.Queued.Set();
        }

        await _events.AppendAsync(batchId, plan.Events, cancellationToken).ConfigureAwait(false);
        await _producers.UpsertManyAsync(server.ServerId, plan.Writes, cancellationToken).ConfigureAwait(false);
        if (plan.Connectivity.Count > 0)
        {
            await _views.UpsertConnectivityAsync(server.TenantId, server.ServerId, plan.Connectivity, cancellationToken).ConfigureAwait(false);
        }

        await _servers.UpsertAsync(server, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Logs what the planner decided, in the order it decided it.</summary>
    private void LogDecisions(ApplyPlan plan, StatusBatch batch)
    {
        var serverId = batch.ServerId;
        if (plan.Registered)
        {
            Log.ServerRegistered(_logger, serverId, batch.TenantId, batch.SiteId, batch.Epoch);
        }

        if (plan.PreviousEpoch is { } previous)
        {
            Log.EpochChanged(_logger, serverId, previous, batch.Epoch, plan.EpochDeleted);
        }

        if (plan.ResyncDeleted > 0)
        {
            Log.ResyncDeleted(_logger, serverId, batch.SeqFrom, batch.SeqTo, plan.ResyncDeleted);
        }

        if (plan.CameOnline)
        {
            Log.ServerOnline(_logger, serverId);
        }

        if (plan.Recount is { } recount)
        {
            Log.DigestRecounted(_logger, serverId, recount.Count, DigestHash.Format(recount.Hash), recount.Healed);
        }

        if (plan.ThrottledResync is { } throttled)
        {
            Log.ResyncThrottled(_logger, serverId, throttled.FromSeq, throttled.Reason, plan.Server.LastResyncRequestAt!.Value);
        }

        if (plan.Resync is { } resync)
        {
            Log.ResyncRequested(_logger, serverId, resync.FromSeq, resync.Reason);
        }
    }

    /// <summary>What a plan was made from, for the cache once the plan is written.</summary>
    private sealed record PlanReads(IReadOnlyCollection<string> Asked, IReadOnlyDictionary<string, ProducerState> Read, IReadOnlyList<ProducerState>? All);
}
