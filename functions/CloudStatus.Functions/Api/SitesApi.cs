using System.Security.Claims;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CloudStatus.Functions.Api;

/// <summary><c>/sites</c>, <c>/sites/{siteId}</c>, <c>/sites/{siteId}/matrix</c> and <c>/connectivity</c>: the per-tenant views (built on demand when missing).</summary>
internal static class SitesApi
{
    public static RouteGroupBuilder MapSitesApi(this RouteGroupBuilder group)
    {
        group.MapGet("/sites", ListSitesAsync)
            .WithName("ListSites")
            .WithSummary("The per-site rollups of the caller's tenants.")
            .WithDescription("Each site's overall health, server counts and producer health counts, from the tenant views (built on demand when missing).");
        group.MapGet("/sites/{siteId}", GetSiteAsync)
            .WithName("GetSite")
            .WithSummary("One site's rollup and its servers.")
            .WithDescription("The site's rollup from its tenant's view and the site's server rows.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapGet("/sites/{siteId}/matrix", GetSiteMatrixAsync)
            .WithName("GetSiteMatrix")
            .WithSummary("One site's switch connectivity matrix across its servers.")
            .WithDescription(
                "Every live switch of the site's servers, each with its server, and the reachability rows: a switch on one server "
                + "and a switch on another are a pair. Row i, column j: '1' reachable, '0' unreachable, '?' unknown, '-' the diagonal.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapGet("/connectivity", GetConnectivityAsync)
            .WithName("GetConnectivity")
            .WithSummary("The switch connectivity matrices of the caller's tenants.")
            .WithDescription("Per tenant: each server's matrix and each site's matrix across its servers, with the switches, the reachability rows and the reachable and unreachable pair counts.");
        return group;
    }

    internal static async Task<Ok<IReadOnlyList<SiteDto>>> ListSitesAsync(
        ClaimsPrincipal user, IServerStore servers, IViewStore views, ViewBuilder builder, CancellationToken cancellationToken)
    {
        var result = new List<SiteDto>();
        foreach (var view in await ViewsAsync(user, servers, views, builder, cancellationToken).ConfigureAwait(false))
        {
            result.AddRange(view.Sites.Select(s => s.ToDto(view.BuiltAt)));
        }

        return TypedResults.Ok<IReadOnlyList<SiteDto>>(result);
    }

    internal static async Task<Results<Ok<SiteDetailDto>, ProblemHttpResult>> GetSiteAsync(
        string siteId, ClaimsPrincipal user, IServerStore servers, IViewStore views, ViewBuilder builder, CancellationToken cancellationToken)
    {
        foreach (var view in await ViewsAsync(user, servers, views, builder, cancellationToken).ConfigureAwait(false))
        {
            if (view.Sites.FirstOrDefault(s => string.Equals(s.SiteId, siteId, StringComparison.Ordinal)) is { } site)
            {
                var siteServers = (await servers.ListByTenantAsync(view.TenantId, cancellationToken).ConfigureAwait(false))
                    .Where(s => string.Equals(s.SiteId, siteId, StringComparison.Ordinal))
                    .Select(s => s.ToDto())
                    .ToList();
                return TypedResults.Ok(new SiteDetailDto(site.ToDto(view.BuiltAt), siteServers));
            }
        }

        return Problems.NotFound($"Site '{siteId}' does not exist.");
    }

    internal static async Task<Results<Ok<SiteMatrixDto>, ProblemHttpResult>> GetSiteMatrixAsync(
        string siteId, ClaimsPrincipal user, IServerStore servers, IViewStore views, ViewBuilder builder, CancellationToken cancellationToken)
    {
        foreach (var view in await ViewsAsync(user, servers, views, builder, cancellationToken).ConfigureAwait(false))
        {
            if (view.SiteConnectivity.FirstOrDefault(s => string.Equals(s.SiteId, siteId, StringComparison.Ordinal)) is { } site)
            {
                return TypedResults.Ok(site.ToDto(view));
            }
        }

        return Problems.NotFound($"Site '{siteId}' does not exist or has no matrix yet.");
    }

    internal static async Task<Ok<IReadOnlyList<ConnectivityDto>>> GetConnectivityAsync(
        ClaimsPrincipal user, IServerStore servers, IViewStore views, ViewBuilder builder, CancellationToken cancellationToken)
    {
        var result = (await ViewsAsync(user, servers, views, builder, cancellationToken).ConfigureAwait(false))
            .Select(v => v.ToConnectivityDto())
            .ToList();
        return TypedResults.Ok<IReadOnlyList<ConnectivityDto>>(result);
    }

    private static async Task<List<TenantView>> ViewsAsync(
        ClaimsPrincipal user, IServerStore servers, IViewStore views, ViewBuilder builder, CancellationToken cancellationToken)
    {
        var result = new List<TenantView>();
        foreach (var tenantId in await TenantScope.From(user).ResolveAsync(servers.ListTenantsAsync, cancellationToken).ConfigureAwait(false))
        {
            var view = await views.GetTenantViewAsync(tenantId, cancellationToken).ConfigureAwait(false)
                ?? await builder.BuildTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
            result.Add(view);
        }

        return result;
    }
}
