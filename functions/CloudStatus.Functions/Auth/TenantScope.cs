using System.Security.Claims;

namespace CloudStatus.Functions.Auth;

/// <summary>The tenants a caller may see, from its <see cref="CloudStatusClaims.Tenant"/> claims. Every query takes one.</summary>
internal sealed class TenantScope
{
    private readonly HashSet<string> _tenants;

    private TenantScope(bool all, HashSet<string> tenants)
    {
        All = all;
        _tenants = tenants;
    }

    public static TenantScope Everything { get; } = new(true, []);

    /// <summary>True when the caller may see every tenant (an operator across the fleet).</summary>
    public bool All { get; }

    public IReadOnlyCollection<string> Tenants => _tenants;

    public static TenantScope Of(IEnumerable<string> tenants) => new(false, tenants.ToHashSet(StringComparer.Ordinal));

    public static TenantScope From(ClaimsPrincipal user)
    {
        var values = user.FindAll(CloudStatusClaims.Tenant).Select(c => c.Value).ToList();
        return values.Contains(CloudStatusClaims.AllTenants, StringComparer.Ordinal) ? Everything : Of(values);
    }

    public bool Includes(string tenantId) => All || _tenants.Contains(tenantId);

    /// <summary>The tenants to query: the scope's own, or every known tenant for an all-tenants scope.</summary>
    public async Task<IReadOnlyList<string>> ResolveAsync(Func<CancellationToken, Task<IReadOnlyList<string>>> allTenants, CancellationToken cancellationToken) =>
        All ? await allTenants(cancellationToken).ConfigureAwait(false) : [.. _tenants.Order(StringComparer.Ordinal)];
}
