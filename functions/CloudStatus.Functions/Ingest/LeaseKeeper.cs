using CloudStatus.Core.Ownership;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Ingest;

/// <summary>
/// Central's side of fenced failover (docs/adr/0120): runs each <see cref="LeaseArbiter"/> step against the stored
/// lease as a compare-and-swap (re-reading and deciding again when another instance wrote first), and counts and
/// logs every change and every refused write.
/// </summary>
internal sealed class LeaseKeeper(
    ILeaseStore leases,
    IDispatchQueue dispatch,
    CentralMetrics metrics,
    TimeProvider time,
    IOptions<LeaseOptions> options,
    ILogger<LeaseKeeper> logger)
{
    private const int MaxAttempts = 10;

    public LeaseOptions Options => options.Value;

    public Task<Lease?> GetAsync(string tenantId, string primaryId, CancellationToken cancellationToken) =>
        leases.GetAsync(tenantId, primaryId, cancellationToken);

    /// <summary>
    /// Makes sure the pair has a lease. A new pair starts with the primary holding token 1; a changed peer is taken
    /// while the primary holds (during a takeover the peer that holds keeps it until handback).
    /// </summary>
    public async Task<Lease> PairAsync(string tenantId, string primaryId, string peerId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var stored = await leases.GetAsync(tenantId, primaryId, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                var created = LeaseArbiter.Create(tenantId, primaryId, peerId, time.GetUtcNow());
                if (await leases.TryWriteAsync(created, null, cancellationToken).ConfigureAwait(false))
                {
                    Log.LeaseChanged(logger, primaryId, LeaseChange.Created, created.HolderId, created.Token, null);
                    return created;
                }

                continue;
            }

            if (string.Equals(stored.PeerId, peerId, StringComparison.Ordinal) || stored.Phase != LeasePhase.Primary)
            {
                return stored;
            }

            var repaired = stored with { PeerId = peerId, Version = stored.Version + 1, ChangedAt = time.GetUtcNow() };
            if (await leases.TryWriteAsync(repaired, stored.Version, cancellationToken).ConfigureAwait(false))
            {
                return repaired;
            }
        }

        throw new TransientStoreException($"Lease of server '{primaryId}' kept changing under {MaxAttempts} attempts to pair it.");
    }

    /// <summary>The heartbeat sweep (or anything else central trusts) found the primary gone.</summary>
    public Task<LeaseTransition?> PrimaryLostAsync(string tenantId, string primaryId, string signal, CancellationToken cancellationToken) =>
        StepAsync(tenantId, primaryId, (lease, now) => LeaseArbiter.PrimaryLost(lease, now, signal), cancellationToken);

    /// <summary>The peer says the primary is gone over the LAN; believed only if central has not heard it lately either.</summary>
    public Task<LeaseTransition?> PeerReportedLossAsync(string tenantId, string primaryId, DateTimeOffset? primaryLastHeard, CancellationToken cancellationToken) =>
        StepAsync(tenantId, primaryId, (lease, now) => LeaseArbiter.PeerReportedLoss(lease, now, primaryLastHeard, Options.PeerSuspectAfter), cancellationToken);

    /// <summary>A batch of the primary reached central.</summary>
    public Task<LeaseTransition?> PrimaryHeardAsync(Lease lease, CancellationToken cancellationToken) =>
        lease.Phase == LeasePhase.Primary
            ? Task.FromResult<LeaseTransition?>(new LeaseTransition(lease, LeaseChange.None))
            : StepAsync(lease.TenantId, lease.PrimaryId, (l, now) => LeaseArbiter.PrimaryHeard(l, now, Options.HandbackHoldoff), cancellationToken);

    /// <summary>Admits (<see cref="FenceRefusal.None"/>) or refuses a write for the lease's producers; a refusal is counted and logged.</summary>
    public FenceRefusal Admit(Lease lease, string senderId, long? presentedToken, int records)
    {
        var refusal = LeaseArbiter.Admit(lease, senderId, presentedToken);
        if (refusal != FenceRefusal.None)
        {
            metrics.WriteFenced(refusal, records);
            Log.WriteFenced(logger, senderId, records, lease.PrimaryId, refusal, lease.HolderId, lease.Token, presentedToken);
        }

        return refusal;
    }

    /// <summary>
    /// Checks a token the sender presents (its <c>fences</c>, docs/adr/0148) for a lease it took over: refused,
    /// counted and logged unless it holds that lease under exactly that token; no such lease is a stranger's claim.
    /// </summary>
    public FenceRefusal AdmitPresented(Lease? lease, string primaryId, string senderId, long presentedToken, int records)
    {
        if (lease is not null)
        {
            return Admit(lease, senderId, presentedToken, records);
        }

        metrics.WriteFenced(FenceRefusal.Stranger, records);
        Log.FenceWithoutLease(logger, senderId, records, primaryId, presentedToken);
        return FenceRefusal.Stranger;
    }

    private async Task<LeaseTransition?> StepAsync(string tenantId, string primaryId, Func<Lease, DateTimeOffset, LeaseTransition> step, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var stored = await leases.GetAsync(tenantId, primaryId, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return null; // a server with no failover peer has no lease: nothing to arbitrate
            }

            var transition = step(stored, time.GetUtcNow());
            if (transition.Change == LeaseChange.None)
            {
                return transition;
            }

            if (await leases.TryWriteAsync(transition.Lease, stored.Version, cancellationToken).ConfigureAwait(false))
            {
                var lease = transition.Lease;
                metrics.LeaseChanged(transition.Change, lease.Signal);
                Log.LeaseChanged(logger, primaryId, transition.Change, lease.HolderId, lease.Token, lease.Signal);
                if (lease.Token != stored.Token)
                {
                    // The clearinghouse tells the pair who holds which token now (docs/adr/0148).
                    await dispatch.EnqueueAsync(DispatchMessage.Neighbours(primaryId).ToJson(), cancellationToken).ConfigureAwait(false);
                }

                return transition;
            }
        }

        throw new TransientStoreException($"Lease of server '{primaryId}' kept changing under {MaxAttempts} attempts to update it.");
    }
}
