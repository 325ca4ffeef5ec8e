using CloudStatus.Functions.Storage;
using Microsoft.AspNetCore.Mvc;

namespace CloudStatus.Functions.Api;

/// <summary><c>?siteId=&amp;tenantId=&amp;online=</c> of the server listing (each optional, all must match; tenants stay within the caller's).</summary>
internal sealed record ServerListQuery(
    [FromQuery(Name = "siteId")] string? SiteId,
    [FromQuery(Name = "tenantId")] string? TenantId,
    [FromQuery(Name = "online")] string? Online) : IValidatable
{
    public ServerFilter ToFilter() => new() { SiteId = SiteId, Online = QueryValues.Bool(Online) };

    public IDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!QueryValues.IsId(SiteId))
        {
            errors["siteId"] = [QueryValues.IdRule];
        }

        if (!QueryValues.IsId(TenantId))
        {
            errors["tenantId"] = [QueryValues.IdRule];
        }

        if (!QueryValues.IsBool(Online))
        {
            errors["online"] = [QueryValues.BoolRule];
        }

        return errors;
    }
}
