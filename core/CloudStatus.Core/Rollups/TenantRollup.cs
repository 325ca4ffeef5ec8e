using CloudStatus.Core.Model;

namespace CloudStatus.Core.Rollups;

/// <summary>
/// C4: the health of one tenant, over all its sites. Server and producer counts are sums over the sites;
/// <see cref="Overall"/> follows <see cref="RollupBuilder.Overall"/> applied to those sums.
/// </summary>
public sealed record TenantRollup(
    string TenantId,
    int Sites,
    int Servers,
    int ServersOnline,
    long Online,
    long Degraded,
    long Offline,
    long Unknown,
    long Stale,
    Health Overall);
