using CloudStatus.Core.Model;

namespace CloudStatus.Core.Rollups;

/// <summary>
/// C4: the health of one site, over all its servers. Producer counts are sums over the servers;
/// <see cref="Overall"/> follows <see cref="RollupBuilder.Overall"/>.
/// </summary>
public sealed record SiteRollup(
    string TenantId,
    string SiteId,
    int Servers,
    int ServersOnline,
    long Online,
    long Degraded,
    long Offline,
    long Unknown,
    long Stale,
    Health Overall);
