using CloudStatus.Core.Central;
using CloudStatus.Core.Commands;

namespace CloudStatus.Core.Ownership;

/// <summary>
/// The clearinghouse's rule (docs/adr/0146): a server's neighbours are the other servers of its site, its failover
/// peer and the servers it covers (whose failover peer it is), each with the LAN address of its accepted
/// registration. Only accepted registrations count: a refused one names no peer and gives no address.
/// </summary>
public static class Neighbourhood
{
    /// <summary>What to tell <paramref name="server"/>, from the rows of its tenant.</summary>
    public static NeighboursRequest For(ServerState server, IReadOnlyList<ServerState> tenantServers)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(tenantServers);
        var failoverPeer = Accepted(server)?.FailoverPeer;
        var covers = tenantServers
            .Where(s => s.ServerId != server.ServerId && Accepted(s)?.FailoverPeer == server.ServerId)
            .Select(s => s.ServerId)
            .Order(StringComparer.Ordinal)
            .ToList();
        var servers = tenantServers
            .Where(s => s.ServerId != server.ServerId
                && (s.SiteId == server.SiteId || s.ServerId == failoverPeer || covers.Contains(s.ServerId)))
            .OrderBy(s => s.ServerId, StringComparer.Ordinal)
            .Select(s => new NeighbourServer { ServerId = s.ServerId, SiteId = s.SiteId, LanAddress = Accepted(s)?.LanAddress })
            .ToList();
        return new NeighboursRequest { FailoverPeer = failoverPeer, Covers = covers, Servers = servers };
    }

    /// <summary>
    /// The servers whose neighbours may have changed when <paramref name="server"/> registered: itself, its site, its
    /// failover peer and the servers it covers.
    /// </summary>
    public static IReadOnlyList<ServerState> Affected(ServerState server, IReadOnlyList<ServerState> tenantServers)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(tenantServers);
        var related = For(server, tenantServers).Servers.Select(s => s.ServerId).ToHashSet(StringComparer.Ordinal);
        return [server, .. tenantServers.Where(s => related.Contains(s.ServerId))];
    }

    private static Wire.ServerRegistration? Accepted(ServerState server) =>
        server.Registration is { Accepted: true } state ? state.Registration : null;
}
