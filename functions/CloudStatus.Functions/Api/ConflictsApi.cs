using System.Security.Claims;
using CloudStatus.Core.Addresses;
using CloudStatus.Functions.Addresses;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Api;

/// <summary><c>/conflicts</c> (address conflicts of the caller's tenants) and <c>POST /conflicts/{conflictId}/resolve</c> (Status.Operate).</summary>
internal static class ConflictsApi
{
    public static RouteGroupBuilder MapConflictsApi(this RouteGroupBuilder group)
    {
        group.MapGet("/conflicts", ListAsync)
            .WithName("ListConflicts")
            .WithSummary("The address conflicts of the caller's tenants, newest first.")
            .WithDescription(
                "Each backed-out address claim: the kind (ip: the IP is held in the same network; mac: the MAC is held in the tenant; "
                + "invalid: malformed or outside the site's networks), the address, the newcomer and the holder, when, and how and by whom it "
                + "was resolved; handling says whether it is resolved automatically (auto: an IP conflict at a site with policy auto) or "
                + "waits for an operator (manual), and handlingReason why (a duplicate MAC cannot be readdressed). status=open or status=resolved filters.")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        group.MapPost("/conflicts/{conflictId}/resolve", ResolveAsync)
            .WithName("ResolveConflict")
            .WithSummary("Closes an open conflict with what was done about it (Status.Operate).")
            .WithDescription("Records the resolution, the operator and the time, and logs a resolved event. 404 when the caller's tenants have no such conflict; 409 when it is already resolved.")
            .RequireAuthorization(CloudStatusClaims.OperatePolicy)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        return group;
    }

    internal static async Task<Results<Ok<IReadOnlyList<ConflictDto>>, ProblemHttpResult>> ListAsync(
        ClaimsPrincipal user, IServerStore servers, IAddressStore addresses, IOptions<AddressOptions> options, string? status, CancellationToken cancellationToken)
    {
        if (status is not (null or ConflictStatuses.Open or ConflictStatuses.Resolved))
        {
            return TypedResults.Problem($"status must be '{ConflictStatuses.Open}' or '{ConflictStatuses.Resolved}' (was '{status}').", statusCode: StatusCodes.Status400BadRequest, title: "Invalid query");
        }

        var result = new List<AddressConflict>();
        foreach (var tenantId in await TenantScope.From(user).ResolveAsync(servers.ListTenantsAsync, cancellationToken).ConfigureAwait(false))
        {
            result.AddRange((await addresses.ListConflictsAsync(tenantId, cancellationToken).ConfigureAwait(false)).Where(c => status is null || c.Status == status));
        }

        return TypedResults.Ok<IReadOnlyList<ConflictDto>>(
            [.. result.OrderByDescending(c => c.DetectedAt).ThenByDescending(c => c.Id, StringComparer.Ordinal).Select(c => ConflictDto.From(c, options.Value))]);
    }

    internal static async Task<Results<Ok<ConflictDto>, ProblemHttpResult>> ResolveAsync(
        string conflictId, ResolveConflictDto request, ClaimsPrincipal user, IServerStore servers, ConflictResolver resolver, IOptions<AddressOptions> options, CancellationToken cancellationToken)
    {
        var by = user.FindFirst("preferred_username")?.Value ?? user.Identity?.Name ?? "unknown";
        foreach (var tenantId in await TenantScope.From(user).ResolveAsync(servers.ListTenantsAsync, cancellationToken).ConfigureAwait(false))
        {
            var (conflict, resolved) = await resolver.ResolveAsync(tenantId, conflictId, request.Resolution!, by, cancellationToken).ConfigureAwait(false);
            if (conflict is null)
            {
                continue;
            }

            return resolved
                ? TypedResults.Ok(ConflictDto.From(conflict, options.Value))
                : Problems.Conflict($"Conflict '{conflictId}' was already resolved by {conflict.ResolvedBy} at {conflict.ResolvedAt:O}: {conflict.Resolution}");
        }

        return Problems.NotFound($"Conflict '{conflictId}' does not exist.");
    }
}
