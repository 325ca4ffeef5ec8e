namespace CloudStatus.Core.Rollups;

/// <summary>
/// C4 input: one local server's state as central stores it — whether the server itself is online (heard from
/// recently) and how many of its live producers are in each health, plus how many are stale (not refreshed while
/// the server was unheard). Give one summary per server.
/// </summary>
public sealed record ServerSummary(
    string TenantId,
    string SiteId,
    string ServerId,
    bool ServerOnline,
    long OnlineCount,
    long DegradedCount,
    long OfflineCount,
    long UnknownCount,
    long StaleCount);
