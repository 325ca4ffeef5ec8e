using System.Text.Json;
using CloudStatus.Core.Addresses;
using CloudStatus.Core.Central;
using CloudStatus.Core.Commands;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Addresses;

/// <summary>
/// Resolves the open conflicts that <see cref="ConflictHandling"/> gives to <c>auto</c> (seed 001): picks a free host
/// address of the same network from the site's pool and reserves it on the conflict (a commit), sends the newcomer the
/// address (direct method <c>readdress</c> through its equipment adapter), asks the site router to map the new address
/// to the old one, tells the site's servers and the duplexed peer (<see cref="AddressPropagator"/>), then closes the
/// conflict (a commit). Every step is safe to repeat, so a pass cut short anywhere is finished by the next; a refusal is kept on the conflict as its <see cref="AddressConflict.Failure"/> and tried again next pass.
/// </summary>
internal sealed class AutoResolver(
    IAddressStore store,
    IEventStore events,
    IDirectMethodClient methods,
    SiteRouterClient router,
    AddressPropagator propagator,
    TimeProvider time,
    IOptions<AddressOptions> options,
    ILogger<AutoResolver> logger)
{
    private static readonly TimeSpan MethodTimeout = TimeSpan.FromSeconds(30);
    private readonly AddressNetworks _networks = options.Value.Networks();

    /// <summary>One attempt at each of the tenant's open IP conflicts at an auto site; the conflicts it closed.</summary>
    public async Task<int> ResolveTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var resolved = 0;
        var master = await store.ReadMasterAsync(tenantId, cancellationToken).ConfigureAwait(false);
        foreach (var conflict in master.OpenConflicts.Where(c => c.Network is not null && ConflictHandling.Of(c, options.Value).Handling == ConflictPolicies.Auto))
        {
            var site = options.Value.Sites[conflict.SiteId];

            if (await ResolveAsync(conflict, site, cancellationToken).ConfigureAwait(false))
            {
                resolved++;
            }
        }

        return resolved;
    }

    private async Task<bool> ResolveAsync(AddressConflict conflict, SiteAddressOptions site, CancellationToken cancellationToken)
    {
        var current = conflict;
        if (current.NewAddress is null)
        {
            current = await ReserveAsync(current, site, cancellationToken).ConfigureAwait(false);
            if (current?.NewAddress is null)
            {
                return false;
            }
        }

        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new ProducerCommandRequest { CommandId = $"{current.Id}:readdress", ProducerId = current.Newcomer.ProducerId, Ip = current.NewAddress },
            MethodJsonContext.Default.ProducerCommandRequest);
        var answer = await methods.InvokeAsync(current.Newcomer.ServerId, DirectMethodNames.DefaultModuleId, DirectMethodNames.Readdress, payload, MethodTimeout, cancellationToken).ConfigureAwait(false);
        if (!answer.Succeeded)
        {
            var why = answer.Status == DirectMethodStatus.Answered
                ? $"the device refused the new address {current.NewAddress}: {answer.ResponseStatus} {answer.PayloadJson}"
                : $"the device's server did not take the new address {current.NewAddress}: {answer.Status} {answer.Error}";
            await FailAsync(current, why, cancellationToken).ConfigureAwait(false);
            return false;
        }

        if (await router.MapAsync(site.RouterUrl!, current.Network!, current.NewAddress, current.Address, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            await FailAsync(current, refused, cancellationToken).ConfigureAwait(false);
            return false;
        }

        var notices = await propagator.PropagateAsync(
            current.TenantId, current.SiteId, current.Newcomer, current.Claim.Mac, current.NewAddress, current.Address, current.Id, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var closed = current with
        {
            Notices = notices,
            Status = ConflictStatuses.Resolved,
            ResolvedAt = now,
            ResolvedBy = ConflictPolicies.Auto,
            Resolution = $"{current.Newcomer.ProducerId} readdressed from {current.Address} to {current.NewAddress}; the router maps {current.NewAddress} to {current.Address}",
            Failure = null,
        };
        await events.AppendOneAsync(AddressReconciler.ConflictEvent(closed, StatusEventTypes.Resolved, now), cancellationToken).ConfigureAwait(false);
        if (!await CommitAsync(closed, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        Log.AddressConflictResolved(logger, closed.Id, closed.TenantId, ConflictPolicies.Auto, closed.Resolution);
        return true;
    }

    /// <summary>Picks and reserves the new address; the conflict as committed (with the failure when none is free), null when beaten.</summary>
    private async Task<AddressConflict?> ReserveAsync(AddressConflict conflict, SiteAddressOptions site, CancellationToken cancellationToken)
    {
        var master = await store.ReadMasterAsync(conflict.TenantId, cancellationToken).ConfigureAwait(false);
        string? picked = null;
        string error;
        if (_networks.SubnetOf(conflict.Network!) is not { } network)
        {
            error = $"network {conflict.Network} is not a configured subnet";
        }
        else if (!Subnet.TryParse(site.Pool, out var pool, out error))
        {
            error = "the site's pool: " + error;
        }
        else
        {
            var reserved = master.OpenConflicts.Where(c => c.NewAddress is not null).Select(c => c.NewAddress!).Append(conflict.Address);
            picked = AddressPool.PickFree(pool, network, conflict.Network!, master.Bindings, reserved, out error);
        }

        var next = picked is null ? conflict with { Failure = error } : conflict with { NewAddress = picked, Failure = null };
        if (picked is null && conflict.Failure == error)
        {
            return conflict; // already says so
        }

        var version = await store.CommitAsync(new AddressCommit { TenantId = conflict.TenantId, ExpectedVersion = master.Version, Conflicts = [next] }, cancellationToken).ConfigureAwait(false);
        if (picked is null)
        {
            Log.AddressAutoFailed(logger, conflict.Id, error);
        }

        return version is null ? null : next;
    }

    private async Task FailAsync(AddressConflict conflict, string why, CancellationToken cancellationToken)
    {
        Log.AddressAutoFailed(logger, conflict.Id, why);
        if (conflict.Failure != why)
        {
            await CommitAsync(conflict with { Failure = why }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the conflict if it is still open as read (not resolved meanwhile); re-read when beaten.</summary>
    private async Task<bool> CommitAsync(AddressConflict conflict, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < options.Value.MaxCommitAttempts; attempt++)
        {
            var master = await store.ReadMasterAsync(conflict.TenantId, cancellationToken).ConfigureAwait(false);
            if (!master.OpenConflicts.Any(c => c.Id == conflict.Id))
            {
                return false;
            }

            if (await store.CommitAsync(new AddressCommit { TenantId = conflict.TenantId, ExpectedVersion = master.Version, Conflicts = [conflict] }, cancellationToken).ConfigureAwait(false) is not null)
            {
                return true;
            }
        }

        return false;
    }
}
