using CloudStatus.Core.Addresses;

namespace CloudStatus.Functions.Addresses;

/// <summary>
/// Who resolves a conflict and why (docs/adr/0150): <c>auto</c> only for an IP conflict at a site with policy auto
/// (a new host address from the pool, the router mapping new to old) claimed by a device that reports it; everything else is <c>manual</c>, with the
/// reason — a duplicate MAC cannot be readdressed (it is the device's hardware address), an invalid address needs its
/// device's configuration corrected, an add's claim has no device yet to readdress, and a manual site leaves every conflict to an operator.
/// </summary>
internal static class ConflictHandling
{
    public static (string Handling, string Reason) Of(AddressConflict conflict, AddressOptions options)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        ArgumentNullException.ThrowIfNull(options);
        var auto = options.Sites.TryGetValue(conflict.SiteId, out var site) && site.Policy == ConflictPolicies.Auto;
        const string Resolve = "an operator resolves it (POST /api/v1/conflicts/{id}/resolve)";
        return conflict.Kind switch
        {
            _ when !auto => (ConflictPolicies.Manual, $"site '{conflict.SiteId}' has policy manual: {Resolve}"),
            _ when conflict.Claim.Source == AddressSources.Add =>
                (ConflictPolicies.Manual, $"an add's match names an address already held and its device has not shown up to be readdressed; correct the add, or {Resolve}"),
            ConflictKinds.Ip => (ConflictPolicies.Auto, $"the newcomer gets a free address of the pool {site!.Pool} and the site router maps it to {conflict.Address}"),
            ConflictKinds.Mac => (ConflictPolicies.Manual, $"a MAC address belongs to the device's hardware and cannot be readdressed: {Resolve}"),
            _ => (ConflictPolicies.Manual, $"an invalid address is not readdressed; the device's configuration must be corrected: {Resolve}"),
        };
    }
}
