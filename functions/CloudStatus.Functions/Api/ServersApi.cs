using System.Security.Claims;
using CloudStatus.Core.Central;
using CloudStatus.Core.Ownership;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CloudStatus.Functions.Api;

/// <summary><c>/servers</c>, <c>/servers/{serverId}</c>, <c>/servers/{serverId}/producers</c> and <c>/producers/{producerId}</c>.</summary>
internal static class ServersApi
{
    public static RouteGroupBuilder MapServersApi(this RouteGroupBuilder group)
    {
        group.MapGet("/servers", ListServersAsync)
            .WithName("ListServers")
            .WithMetadata(ReadCacheable.Instance)
            .WithSummary("The servers of the caller's tenants, optionally filtered.")
            .WithDescription(
                "Every server (IoT Edge device) of the tenants the caller may see, ordered by tenant then server id, with its "
                + "heap position, ingest counters and health counts. Filters: siteId, tenantId, online (all must match).")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapGet("/servers/{serverId}", GetServerAsync)
            .WithName("GetServer")
            .WithSummary("One server.")
            .WithDescription("The server's row: site, tenant, whether it is heard from, heap position, ingest counters and health counts.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapGet("/servers/{serverId}/producers", ListProducersAsync)
            .WithName("ListServerProducers")
            .WithMetadata(ReadCacheable.Instance)
            .WithSummary("A server's producers, paged and optionally filtered.")
            .WithDescription(
                "The server's producer records (tombstones included unless deleted=false) ordered by producer id, limit per "
                + "page. Filters: kind, parentId, health, stale, flapping, deleted, conflict (all must match; applied in the store, so "
                + "only the last page is short). conflict=true lists the producers flagged conflict: newcomers of an open address "
                + "conflict, whose address claim was backed out (see /conflicts); conflict=false the others. A tenant's token lists only its own producers: on a server shared with other "
                + "tenants, the supervised processes of its tenant groups. Pass the page's continuation with the same filters for the next page.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapGet("/servers/{serverId}/process-groups", ProcessGroupsApi.ListAsync)
            .WithName("ListServerProcessGroups")
            .WithSummary("A server's supervised processes rolled up per tenant group.")
            .WithDescription(
                "For each tenant group of the server's live process producers (kind process) that the caller may see: the "
                + "group, its tenant, how many processes, how many running, how many in a crash loop, restarts in all, and "
                + "counts by health. On a server shared by several tenants each token sees its own groups only.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapGet("/producers/{producerId}", GetProducerAsync)
            .WithName("GetProducer")
            .WithSummary("One producer, wherever it lives.")
            .WithDescription("The producer's latest record (a live record preferred over a tombstone of the same id on another server); "
                + "conflict is true while it is the newcomer of an open address conflict (see /conflicts).")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        return group;
    }

    internal static async Task<Ok<IReadOnlyList<ServerDto>>> ListServersAsync(
        [AsParameters] ServerListQuery query, ClaimsPrincipal user, IServerStore servers, CancellationToken cancellationToken)
    {
        var scope = TenantScope.From(user);
        var filter = query.ToFilter();
        var result = new List<ServerDto>();
        foreach (var tenantId in await scope.ResolveAsync(servers.ListTenantsAsync, cancellationToken).ConfigureAwait(false))
        {
            if (query.TenantId is null || string.Equals(query.TenantId, tenantId, StringComparison.Ordinal))
            {
                result.AddRange((await servers.ListByTenantAsync(tenantId, filter, cancellationToken).ConfigureAwait(false)).Select(s => s.ToDto()));
            }
        }

        return TypedResults.Ok<IReadOnlyList<ServerDto>>(result);
    }

    internal static async Task<Results<Ok<ServerDto>, ProblemHttpResult>> GetServerAsync(
        string serverId, ClaimsPrincipal user, IServerStore servers, ILeaseStore leases, CancellationToken cancellationToken)
    {
        var server = await FindVisibleAsync(servers, serverId, user, cancellationToken).ConfigureAwait(false);
        if (server is null)
        {
            return ServerNotFound(serverId);
        }

        var lease = await leases.GetAsync(server.TenantId, serverId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(server.ToDto() with { Failover = lease?.ToDto() });
    }

    /// <summary>The server, or null when it does not exist or lies outside the caller's tenants (both answer 404).</summary>
    internal static async Task<ServerState?> FindVisibleAsync(
        IServerStore servers, string serverId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var server = await servers.GetAsync(serverId, cancellationToken).ConfigureAwait(false);
        return server is not null && TenantScope.From(user).Includes(server.TenantId) ? server : null;
    }

    /// <summary>
    /// <paramref name="filter"/> narrowed to the caller's tenants, or null (404) when the caller may not list the server's
    /// producers: it does not exist, or it belongs to another tenant and hosts none of the caller's producers. Scoping is
    /// per producer (ADR 0101): on a server shared by several tenants each token lists its own processes only.
    /// </summary>
    internal static async Task<ProducerFilter?> ScopeProducersAsync(
        IServerStore servers, IProducerStore producers, string serverId, ProducerFilter filter, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var server = await servers.GetAsync(serverId, cancellationToken).ConfigureAwait(false);
        var scope = TenantScope.From(user);
        if (server is null || scope.All)
        {
            return server is null ? null : filter;
        }

        var own = new ProducerFilter { Tenants = [.. scope.Tenants] };
        if (!scope.Includes(server.TenantId)
            && (await producers.PageAsync(serverId, own, 1, null, cancellationToken).ConfigureAwait(false)).Items.Count == 0)
        {
            return null;
        }

        return filter with { Tenants = own.Tenants };
    }

    internal static ProblemHttpResult ServerNotFound(string serverId) => Problems.NotFound($"Server '{serverId}' does not exist.");

    internal static async Task<Results<Ok<PageDto<ProducerDto>>, ProblemHttpResult>> ListProducersAsync(
        string serverId,
        [AsParameters] PageQuery page,
        [AsParameters] ProducerFilterQuery filter,
        ClaimsPrincipal user,
        IServerStore servers,
        IProducerStore producers,
        IAddressStore addresses,
        CancellationToken cancellationToken)
    {
        var scoped = await ScopeProducersAsync(servers, producers, serverId, filter.ToFilter(), user, cancellationToken).ConfigureAwait(false);
        if (scoped is null)
        {
            return ServerNotFound(serverId);
        }

        var flagged = await ProducerConflicts.OnServerAsync(addresses, servers, user, serverId, cancellationToken).ConfigureAwait(false);
        scoped = ProducerConflicts.Narrow(scoped, filter.ConflictValue, flagged);
        try
        {
            var result = await producers.PageAsync(serverId, scoped, page.LimitValue, page.Continuation, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(new PageDto<ProducerDto>([.. result.Items.Select(p => p.ToDto() with { Conflict = flagged.Contains(p.ProducerId) })], result.Continuation));
        }
        catch (InvalidContinuationException ex)
        {
            return Problems.BadContinuation(ex);
        }
    }

    internal static async Task<Results<Ok<ProducerDto>, ProblemHttpResult>> GetProducerAsync(
        string producerId, ClaimsPrincipal user, IProducerStore producers, ILeaseStore leases, IAddressStore addresses, CancellationToken cancellationToken)
    {
        var serverId = await producers.FindServerIdAsync(producerId, cancellationToken).ConfigureAwait(false);
        var producer = serverId is null ? null : await producers.GetAsync(serverId, producerId, cancellationToken).ConfigureAwait(false);
        if (producer is null || !TenantScope.From(user).Includes(producer.TenantId))
        {
            return Problems.NotFound($"Producer '{producerId}' does not exist.");
        }

        // Dedupe (docs/adr/0120): the same producer on the other server of a pair is one producer; the holder owns it.
        var pairs = (await leases.ListByTenantAsync(producer.TenantId, cancellationToken).ConfigureAwait(false))
            .Where(l => l.PrimaryId == producer.ServerId || l.PeerId == producer.ServerId)
            .ToList();
        var rows = new List<ProducerState> { producer };
        foreach (var other in pairs.Select(l => l.PrimaryId == producer.ServerId ? l.PeerId : l.PrimaryId).Distinct(StringComparer.Ordinal))
        {
            if (await producers.GetAsync(other, producerId, cancellationToken).ConfigureAwait(false) is { Deleted: false } row && row.TenantId == producer.TenantId)
            {
                rows.Add(row);
            }
        }

        if (ProducerOwners.Resolve(rows, pairs) is [var owned])
        {
            var flagged = await ProducerConflicts.IsFlaggedAsync(addresses, owned.Row.TenantId, owned.Row.ServerId, producerId, cancellationToken).ConfigureAwait(false);
            return TypedResults.Ok(owned.Row.ToDto() with { Owner = owned.Owner, ReportedBy = owned.ReportedBy, Conflict = flagged });
        }

        return TypedResults.Ok(producer.ToDto()); // a tombstone only
    }
}
