using CloudStatus.Core.Model;

namespace CloudStatus.Functions.Ingest;

/// <summary>Options of server registration (section <c>CloudStatus:Central:Registration</c>, docs/adr/0121).</summary>
internal sealed class RegistrationOptions
{
    public const string SectionName = "CloudStatus:Central:Registration";

    /// <summary>Tenant id → its sites. A tenant listed here refuses registrations from any other site; an unlisted tenant accepts any.</summary>
    public Dictionary<string, string[]> Sites { get; set; } = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (tenant, sites) in Sites)
        {
            if (!ProducerId.IsValid(tenant) || sites is null || sites.Length == 0 || sites.Any(s => !ProducerId.IsValid(s)))
            {
                errors.Add($"{SectionName}:Sites:{tenant} must list at least one valid site id for a valid tenant id.");
            }
        }

        return errors;
    }

    /// <summary>The tenant's sites, or null when the tenant has no list.</summary>
    public IReadOnlySet<string>? SitesOf(string tenantId) =>
        Sites.TryGetValue(tenantId, out var sites) ? sites.ToHashSet(StringComparer.Ordinal) : null;
}
