using CloudStatus.Core.Model;

namespace CloudStatus.Core.Rollups;

/// <summary>
/// C4: rolls server summaries up into sites and sites up into tenants.
/// <para>
/// The overall health rule, the same at every level (see <see cref="Overall"/>):
/// <list type="number">
/// <item><see cref="Health.Unknown"/> when there are no servers;</item>
/// <item><see cref="Health.Offline"/> when every server is offline;</item>
/// <item><see cref="Health.Degraded"/> when any server is offline, or any producer is degraded, offline or stale;</item>
/// <item><see cref="Health.Online"/> otherwise. Producers of unknown health do not degrade the rollup (they have
/// not reported yet); they are counted in <c>Unknown</c>.</item>
/// </list>
/// </para>
/// </summary>
public static class RollupBuilder
{
    /// <summary>Groups servers by (tenant, site) into one rollup per site, ordered ordinally by tenant id then site id.</summary>
    public static IReadOnlyList<SiteRollup> BuildSites(IEnumerable<ServerSummary> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);

        var sites = new Dictionary<(string TenantId, string SiteId), SiteRollup>();
        foreach (var s in servers)
        {
            var key = (s.TenantId, s.SiteId);
            var online = s.ServerOnline ? 1 : 0;
            sites[key] = sites.TryGetValue(key, out var r)
                ? r with
                {
                    Servers = r.Servers + 1,
                    ServersOnline = r.ServersOnline + online,
                    Online = r.Online + s.OnlineCount,
                    Degraded = r.Degraded + s.DegradedCount,
                    Offline = r.Offline + s.OfflineCount,
                    Unknown = r.Unknown + s.UnknownCount,
                    Stale = r.Stale + s.StaleCount,
                }
                : new SiteRollup(s.TenantId, s.SiteId, 1, online, s.OnlineCount, s.DegradedCount, s.OfflineCount, s.UnknownCount, s.StaleCount, Health.Unknown);
        }

        var result = new SiteRollup[sites.Count];
        var i = 0;
        foreach (var r in sites.Values)
        {
            result[i++] = r with { Overall = Overall(r.Servers, r.ServersOnline, r.Degraded, r.Offline, r.Stale) };
        }

        Array.Sort(result, static (a, b) =>
        {
            var byTenant = string.CompareOrdinal(a.TenantId, b.TenantId);
            return byTenant != 0 ? byTenant : string.CompareOrdinal(a.SiteId, b.SiteId);
        });
        return result;
    }

    /// <summary>Groups sites by tenant into one rollup per tenant, ordered ordinally by tenant id.</summary>
    public static IReadOnlyList<TenantRollup> BuildTenants(IEnumerable<SiteRollup> sites)
    {
        ArgumentNullException.ThrowIfNull(sites);

        var tenants = new Dictionary<string, TenantRollup>(StringComparer.Ordinal);
        foreach (var s in sites)
        {
            tenants[s.TenantId] = tenants.TryGetValue(s.TenantId, out var t)
                ? t with
                {
                    Sites = t.Sites + 1,
                    Servers = t.Servers + s.Servers,
                    ServersOnline = t.ServersOnline + s.ServersOnline,
                    Online = t.Online + s.Online,
                    Degraded = t.Degraded + s.Degraded,
                    Offline = t.Offline + s.Offline,
                    Unknown = t.Unknown + s.Unknown,
                    Stale = t.Stale + s.Stale,
                }
                : new TenantRollup(s.TenantId, 1, s.Servers, s.ServersOnline, s.Online, s.Degraded, s.Offline, s.Unknown, s.Stale, Health.Unknown);
        }

        var result = new TenantRollup[tenants.Count];
        var i = 0;
        foreach (var t in tenants.Values)
        {
            result[i++] = t with { Overall = Overall(t.Servers, t.ServersOnline, t.Degraded, t.Offline, t.Stale) };
        }

        Array.Sort(result, static (a, b) => string.CompareOrdinal(a.TenantId, b.TenantId));
        return result;
    }

    /// <summary>
    /// The overall health rule: Unknown if there are no servers; Offline if every server is offline; Degraded if
    /// any server is offline or any producer is degraded, offline or stale; else Online.
    /// </summary>
    public static Health Overall(int servers, int serversOnline, long degraded, long offline, long stale)
    {
        if (servers <= 0)
        {
            return Health.Unknown;
        }

        if (serversOnline <= 0)
        {
            return Health.Offline;
        }

        return serversOnline < servers || degraded > 0 || offline > 0 || stale > 0 ? Health.Degraded : Health.Online;
    }
}
