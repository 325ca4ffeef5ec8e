using CloudStatus.Core.Addresses;
using CloudStatus.Core.Central;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Addresses;

/// <summary>
/// Reconciles each tenant's address journal with its master (seed 001, docs/adr/0110): per item, in the order they
/// were queued, <see cref="AddressDecider"/> decides and one atomic commit either applies the claim and dequeues it,
/// or backs it out as a conflict and dequeues it. A commit beaten by another reconciler's is re-read and re-decided.
/// </summary>
internal sealed class AddressReconciler(
    IAddressStore store,
    IServerStore servers,
    IEventStore events,
    TimeProvider time,
    IOptions<AddressOptions> options,
    ILogger<AddressReconciler> logger,
    AutoResolver? auto = null,
    AddressPropagator? propagator = null)
{
    private readonly AddressNetworks _networks = options.Value.Networks();

    /// <summary>One pass over every tenant with servers (then the auto sites' conflicts); the items it settled.</summary>
    public async Task<int> ReconcileOnceAsync(CancellationToken cancellationToken = default)
    {
        var settled = 0;
        foreach (var tenantId in await servers.ListTenantsAsync(cancellationToken).ConfigureAwait(false))
        {
            settled += await ReconcileTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
            if (auto is not null)
            {
                await auto.ResolveTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
            }
        }

        return settled;
    }

    /// <summary>Settles the tenant's journal as it stands; the items this call committed.</summary>
    public async Task<int> ReconcileTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var settled = 0;
        for (var attempt = 1; ; attempt++)
        {
            var master = await store.ReadMasterAsync(tenantId, cancellationToken).ConfigureAwait(false);
            var (done, lost) = await SettleAsync(master, cancellationToken).ConfigureAwait(false);
            settled += done;
            if (!lost)
            {
                return settled;
            }

            Log.AddressCommitLost(logger, tenantId, attempt);
            if (attempt >= options.Value.MaxCommitAttempts)
            {
                return settled; // the rest waits for the next pass
            }
        }
    }

    private async Task<(int Settled, bool Lost)> SettleAsync(AddressMaster master, CancellationToken cancellationToken)
    {
        var bindings = master.Bindings.ToList();
        var version = master.Version;
        var settled = 0;
        foreach (var item in master.Journal)
        {
            var decision = AddressDecider.Decide(item, bindings, _networks);
            var conflict = decision.Conflict;
            if (conflict is not null && await store.GetConflictAsync(item.TenantId, conflict.Id, cancellationToken).ConfigureAwait(false) is not null)
            {
                conflict = null; // a replayed item already backed out: keep the record as it is (it may be resolved)
            }

            var commit = new AddressCommit
            {
                TenantId = item.TenantId,
                ExpectedVersion = version,
                Bindings = decision.Binding is { } b ? [b, .. decision.Released] : [],
                Conflicts = conflict is null ? [] : [conflict],
                Dequeue = [item.Id],
            };
            if (conflict is not null)
            {
                // Before the commit, under an id derived from the item's: a crash in between leaves the item queued,
                // and its replay decides the same and finds the event already there.
                await events.AppendOneAsync(ConflictEvent(conflict, StatusEventTypes.Conflict, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
            }

            if (propagator is not null && decision.Binding is { Ip: { } ip } moved && item.PreviousIp is { } previous && previous != ip)
            {
                // Before the commit, under ids derived from the item's: the device told this address itself, and a
                // crash after the commit would otherwise leave the site's servers untold.
                await propagator.PropagateAsync(item.TenantId, item.SiteId, new ProducerRef(item.ServerId, item.ProducerId), moved.Mac, ip, previous, item.Id, cancellationToken).ConfigureAwait(false);
            }

            var next = await store.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                return (settled, true);
            }

            version = next;
            settled++;
            if (decision.Binding is { } binding)
            {
                foreach (var written in commit.Bindings)
                {
                    bindings.RemoveAll(e => e.IsProducer(written.ServerId, written.ProducerId));
                    bindings.Add(written);
                }

                if (binding.HoldsAny)
                {
                    Log.AddressApplied(logger, binding.ProducerId, binding.ServerId, binding.Mac, binding.Ip, binding.Network);
                }
                else
                {
                    Log.AddressReleased(logger, binding.ProducerId, binding.ServerId);
                }
            }
            else if (conflict is not null)
            {
                Log.AddressConflict(logger, conflict.Newcomer.ProducerId, conflict.Newcomer.ServerId, conflict.Kind, conflict.Address, conflict.Reason);
            }
        }

        return (settled, false);
    }

    /// <summary>The event of a conflict's detection or resolution; its id is derived from the conflict's, so a replay logs it once.</summary>
    internal static StatusEvent ConflictEvent(AddressConflict conflict, string type, DateTimeOffset now) => new()
    {
        EventId = $"{conflict.TenantId}:{conflict.Id}:{type}",
        TenantId = conflict.TenantId,
        ServerId = conflict.Newcomer.ServerId,
        ProducerId = conflict.Newcomer.ProducerId,
        Type = type,
        CentralTimestamp = now,
    };
}
