using CloudStatus.Core.Rollups;

namespace CloudStatus.Functions.Storage;

/// <summary>The per-tenant views rebuilt by timer (C3, C4): site and tenant roll-ups and each server's and each site's connectivity matrix.</summary>
public sealed record TenantView
{
    public required string TenantId { get; init; }
    public required DateTimeOffset BuiltAt { get; init; }
    public required TenantRollup Tenant { get; init; }
    public required IReadOnlyList<SiteRollup> Sites { get; init; }
    public required IReadOnlyList<ServerConnectivity> Connectivity { get; init; }

    /// <summary>Each site's matrix across its servers (empty in a view stored before site matrices existed).</summary>
    public IReadOnlyList<SiteConnectivity> SiteConnectivity { get; init; } = [];
}

/// <summary>One server's switch-to-switch matrix: rows in <see cref="Switches"/> order, '1' '0' '?' and '-' on the diagonal.</summary>
public sealed record ServerConnectivity(
    string ServerId,
    string SiteId,
    IReadOnlyList<string> Switches,
    IReadOnlyList<string> Rows,
    int ReachablePairs,
    int UnreachablePairs);

/// <summary>
/// One site's switch-to-switch matrix across its servers: a switch on one server and a switch on another are a pair.
/// <see cref="SwitchServers"/> holds each switch's server, in <see cref="Switches"/> order.
/// </summary>
public sealed record SiteConnectivity(
    string SiteId,
    IReadOnlyList<string> Servers,
    IReadOnlyList<string> Switches,
    IReadOnlyList<string> SwitchServers,
    IReadOnlyList<string> Rows,
    int ReachablePairs,
    int UnreachablePairs);
