using System.Security.Claims;
using CloudStatus.Core.Addresses;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Storage;

namespace CloudStatus.Functions.Api;

/// <summary>
/// The <c>conflict</c> flag of producers (docs/adr/0150): a producer is in conflict while it is the newcomer of an
/// open address conflict of its tenant (its claim was backed out, seed 001).
/// </summary>
internal static class ProducerConflicts
{
    /// <summary>The producers of <paramref name="serverId"/> that are newcomers of open conflicts in the caller's tenants.</summary>
    public static async Task<IReadOnlySet<string>> OnServerAsync(
        IAddressStore addresses, IServerStore servers, ClaimsPrincipal user, string serverId, CancellationToken cancellationToken)
    {
        var flagged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tenantId in await TenantScope.From(user).ResolveAsync(servers.ListTenantsAsync, cancellationToken).ConfigureAwait(false))
        {
            foreach (var conflict in await OpenAsync(addresses, tenantId, cancellationToken).ConfigureAwait(false))
            {
                if (string.Equals(conflict.Newcomer.ServerId, serverId, StringComparison.Ordinal))
                {
                    flagged.Add(conflict.Newcomer.ProducerId);
                }
            }
        }

        return flagged;
    }

    /// <summary>Whether the producer (on that server, of that tenant) is the newcomer of an open conflict.</summary>
    public static async Task<bool> IsFlaggedAsync(IAddressStore addresses, string tenantId, string serverId, string producerId, CancellationToken cancellationToken) =>
        (await OpenAsync(addresses, tenantId, cancellationToken).ConfigureAwait(false)).Any(c => c.Newcomer == new ProducerRef(serverId, producerId));

    /// <summary><paramref name="filter"/> narrowed by <c>conflict=true|false</c>.</summary>
    public static ProducerFilter Narrow(ProducerFilter filter, bool? conflict, IReadOnlySet<string> flagged) => conflict switch
    {
        true => filter with { ProducerIds = [.. flagged] },
        false => filter with { ExceptProducerIds = [.. flagged] },
        null => filter,
    };

    private static async Task<IEnumerable<AddressConflict>> OpenAsync(IAddressStore addresses, string tenantId, CancellationToken cancellationToken) =>
        (await addresses.ListConflictsAsync(tenantId, cancellationToken).ConfigureAwait(false)).Where(c => c.Status == ConflictStatuses.Open);
}
