using CloudStatus.Core.Addresses;

namespace CloudStatus.Functions.Addresses;

/// <summary>Options of the address journal (section <c>CloudStatus:Central:Addresses</c>): the period and each site's networks.</summary>
internal sealed class AddressOptions
{
    public const string SectionName = "CloudStatus:Central:Addresses";

    /// <summary>How often every tenant's journal is reconciled.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts to commit one item when other commits keep coming first.</summary>
    public int MaxCommitAttempts { get; set; } = 8;

    /// <summary>Per site id: its subnets and conflict policy. A site not listed is one network that takes any IP.</summary>
    public Dictionary<string, SiteAddressOptions> Sites { get; set; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ReconcileInterval < TimeSpan.FromMilliseconds(100))
        {
            errors.Add($"{SectionName}:ReconcileInterval must be at least 100 ms (was {ReconcileInterval}).");
        }

        if (MaxCommitAttempts < 1)
        {
            errors.Add($"{SectionName}:MaxCommitAttempts must be at least 1 (was {MaxCommitAttempts}).");
        }

        foreach (var (siteId, site) in Sites)
        {
            var prefix = $"{SectionName}:Sites:{siteId}";
            var subnets = new List<Subnet>();
            foreach (var text in site.Subnets)
            {
                if (Subnet.TryParse(text, out var subnet, out var error))
                {
                    subnets.Add(subnet);
                }
                else
                {
                    errors.Add($"{prefix}:Subnets: {error}.");
                }
            }

            if (site.Policy is not (ConflictPolicies.Manual or ConflictPolicies.Auto))
            {
                errors.Add($"{prefix}:Policy must be '{ConflictPolicies.Manual}' or '{ConflictPolicies.Auto}' (was '{site.Policy}').");
            }

            if (site.Pool is not null)
            {
                if (!Subnet.TryParse(site.Pool, out var pool, out var error))
                {
                    errors.Add($"{prefix}:Pool: {error}.");
                }
                else if (!subnets.Any(s => s.Contains(pool.Network) && pool.PrefixLength >= s.PrefixLength))
                {
                    errors.Add($"{prefix}:Pool {pool} is inside none of the site's subnets.");
                }
            }
            else if (site.Policy == ConflictPolicies.Auto)
            {
                errors.Add($"{prefix}:Pool is required with policy '{ConflictPolicies.Auto}' (the addresses a readdress may hand out).");
            }

            if (site.Policy == ConflictPolicies.Auto && site.RouterUrl is not { IsAbsoluteUri: true, Scheme: "http" or "https" })
            {
                errors.Add($"{prefix}:RouterUrl must be an absolute http(s) URL with policy '{ConflictPolicies.Auto}' (was '{site.RouterUrl}').");
            }
        }

        return errors;
    }

    /// <summary>The sites' networks (call after <see cref="Validate"/> passed).</summary>
    public AddressNetworks Networks() => new(Sites.ToDictionary(
        s => s.Key,
        s => (IReadOnlyList<Subnet>)[.. s.Value.Subnets.Select(t => Subnet.TryParse(t, out var subnet, out _) ? subnet : throw new InvalidOperationException(t))],
        StringComparer.Ordinal));
}

/// <summary>One site's networks and what happens to its conflicts.</summary>
internal sealed class SiteAddressOptions
{
    /// <summary>The site's networks in CIDR form; an IP outside all of them is refused.</summary>
    public List<string> Subnets { get; set; } = [];

    /// <summary><c>manual</c> (an operator resolves through the API) or <c>auto</c> (readdress from <see cref="Pool"/>).</summary>
    public string Policy { get; set; } = ConflictPolicies.Manual;

    /// <summary>The addresses a readdress may hand out, in CIDR form, inside one of <see cref="Subnets"/>.</summary>
    public string? Pool { get; set; }

    /// <summary>The site router's HTTP endpoint, told to map a readdressed device's new address to its old one (policy <c>auto</c>).</summary>
    public Uri? RouterUrl { get; set; }
}

internal static class ConflictPolicies
{
    public const string Manual = "manual";
    public const string Auto = "auto";
}
