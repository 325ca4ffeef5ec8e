using CloudStatus.Core.Central;
using CloudStatus.Core.Connectivity;
using CloudStatus.Core.Model;
using CloudStatus.Core.Ownership;
using CloudStatus.Core.Rollups;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions.Views;

/// <summary>
/// C3 and C4: rebuilds a tenant's views from its stored rows — each server's and each site's switch-to-switch matrix
/// (from the latest connectivity entry of every switch, over the server's or the site's live switches) and the site/tenant roll-ups
/// (from each server's counts by health) — and stores them through <see cref="IViewStore"/>.
/// </summary>
internal sealed class ViewBuilder(
    IServerStore servers,
    IProducerStore producers,
    IViewStore views,
    ILeaseStore leases,
    TimeProvider time,
    ILogger<ViewBuilder> logger)
{
    public async Task<TenantView> BuildTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var tenantServers = await servers.ListByTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var connectivity = new List<ServerConnectivity>(tenantServers.Count);
        var inputs = new List<ServerSwitches>(tenantServers.Count);
        var rows = new List<ProducerState>();
        foreach (var server in tenantServers)
        {
            var entries = await views.GetConnectivityAsync(server.ServerId, cancellationToken).ConfigureAwait(false);
            var serverRows = await producers.ListAsync(server.ServerId, cancellationToken).ConfigureAwait(false);
            rows.AddRange(serverRows);
            var switches = serverRows
                .Where(p => !p.Deleted && ProducerKind.IsSwitch(p.Kind))
                .Select(p => p.ProducerId)
                .ToHashSet(StringComparer.Ordinal);
            var own = entries.Where(e => switches.Contains(e.SwitchId)).ToList();
            inputs.Add(new ServerSwitches(server, switches, own));
            var matrix = ConnectivityMatrix.BuildOver(own, switches);
            connectivity.Add(new ServerConnectivity(
                server.ServerId, server.SiteId, matrix.Switches, matrix.Rows, matrix.ReachablePairs, matrix.UnreachablePairs));
        }

        // A producer several servers report (a duplexed pair both see it) counts once, under its owner (docs/adr/0120).
        var shadowed = ProducerOwners.Shadowed(rows, await leases.ListByTenantAsync(tenantId, cancellationToken).ConfigureAwait(false))
            .ToLookup(r => r.ServerId, StringComparer.Ordinal);
        var sites = RollupBuilder.BuildSites(tenantServers.Select(s => Deduct(Summarize(s), shadowed[s.ServerId])));
        var tenant = RollupBuilder.BuildTenants(sites).SingleOrDefault()
            ?? new TenantRollup(tenantId, 0, 0, 0, 0, 0, 0, 0, 0, Health.Unknown);
        var view = new TenantView
        {
            TenantId = tenantId,
            BuiltAt = time.GetUtcNow(),
            Tenant = tenant,
            Sites = sites,
            Connectivity = connectivity,
            SiteConnectivity = BuildSites(inputs),
        };
        await views.PutTenantViewAsync(view, cancellationToken).ConfigureAwait(false);
        Log.ViewsBuilt(logger, tenantId, sites.Count, tenantServers.Count);
        return view;
    }

    /// <summary>Rebuilds every tenant's views; returns how many tenants.</summary>
    public async Task<int> BuildAllAsync(CancellationToken cancellationToken = default)
    {
        var tenants = await servers.ListTenantsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var tenantId in tenants)
        {
            await BuildTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        }

        return tenants.Count;
    }

    /// <summary>
    /// Each site's matrix over the live switches of all its servers, from the entries each server sent for its own
    /// switches: an entry's peers on other servers of the site are pairs of the site matrix.
    /// </summary>
    internal static IReadOnlyList<SiteConnectivity> BuildSites(IEnumerable<ServerSwitches> servers) =>
        [.. servers
            .GroupBy(s => s.Server.SiteId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(site =>
            {
                var serverOf = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var server in site)
                {
                    foreach (var id in server.Switches)
                    {
                        serverOf[id] = server.Server.ServerId;
                    }
                }

                var matrix = ConnectivityMatrix.BuildOver(site.SelectMany(s => s.Entries), serverOf.Keys);
                return new SiteConnectivity(
                    site.Key,
                    [.. site.Select(s => s.Server.ServerId).Order(StringComparer.Ordinal)],
                    matrix.Switches,
                    [.. matrix.Switches.Select(id => serverOf[id])],
                    matrix.Rows,
                    matrix.ReachablePairs,
                    matrix.UnreachablePairs);
            })];

    /// <summary>A server's live switches and the latest connectivity entries it sent for them.</summary>
    internal sealed record ServerSwitches(ServerState Server, IReadOnlySet<string> Switches, IReadOnlyList<ConnectivityEntry> Entries);

    /// <summary>Takes a server's rows that another server owns out of its roll-up input.</summary>
    private static ServerSummary Deduct(ServerSummary summary, IEnumerable<ProducerState> shadowed)
    {
        foreach (var row in shadowed)
        {
            summary = summary with
            {
                OnlineCount = summary.OnlineCount - (row.Health == Health.Online ? 1 : 0),
                DegradedCount = summary.DegradedCount - (row.Health == Health.Degraded ? 1 : 0),
                OfflineCount = summary.OfflineCount - (row.Health == Health.Offline ? 1 : 0),
                UnknownCount = summary.UnknownCount - (row.Health == Health.Unknown ? 1 : 0),
                StaleCount = summary.StaleCount - (row.Stale ? 1 : 0),
            };
        }

        return summary;
    }

    /// <summary>A server's roll-up input; a server that is not online counts as offline even if its producers said otherwise.</summary>
    internal static ServerSummary Summarize(ServerState s) => new(
        s.TenantId, s.SiteId, s.ServerId, s.Online, s.Counts.Online, s.Counts.Degraded, s.Counts.Offline, s.Counts.Unknown, s.StaleCount);
}
