using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Ownership;

/// <summary>
/// Central's check of a registration (docs/adr/0121): the site must be one the tenant knows (when the tenant has a
/// site list), and a failover peer central already knows must be of the same tenant.
/// </summary>
public static class RegistrationCheck
{
    /// <summary>Null when accepted, else the reason it is refused.</summary>
    /// <param name="knownSites">The tenant's sites; null when the tenant has no list (any site is accepted).</param>
    /// <param name="peerTenantId">The tenant of the failover peer's server row; null when central has not heard of it.</param>
    public static string? Refusal(ServerRegistration registration, string tenantId, string siteId, IReadOnlySet<string>? knownSites, string? peerTenantId)
    {
        ArgumentNullException.ThrowIfNull(registration);
        if (knownSites is not null && !knownSites.Contains(siteId))
        {
            return $"site '{siteId}' is not a site of tenant '{tenantId}'";
        }

        if (registration.FailoverPeer is { } peer && peerTenantId is not null && !string.Equals(peerTenantId, tenantId, StringComparison.Ordinal))
        {
            return $"failover peer '{peer}' belongs to another tenant";
        }

        return null;
    }
}
