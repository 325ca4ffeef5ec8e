using CloudStatus.Dev.Cli;
using CloudStatus.Functions.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// <c>POST /dev/tokens</c>: mints a JWT shaped like an Entra ID access token (app roles in <c>roles</c>, tenants in
/// <c>cs_tenant</c>) signed with this run's dev key, so a reader or a single-tenant caller can be tried locally.
/// Needs the operator role (the printed dev token has it). Local stack only.
/// </summary>
internal static class DevTokensApi
{
    private static readonly string[] KnownRoles = [CloudStatusClaims.ReadRole, CloudStatusClaims.OperateRole];

    public static IEndpointRouteBuilder MapDevTokensApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/dev/tokens", Mint).RequireAuthorization(CloudStatusClaims.OperatePolicy).ExcludeFromDescription();
        return endpoints;
    }

    private static Results<Ok<DevTokenDto>, ProblemHttpResult> Mint(DevTokenRequest? request, DevStackOptions options, TimeProvider time)
    {
        var roles = request?.Roles ?? [CloudStatusClaims.ReadRole];
        var tenants = request?.Tenants ?? [];
        var lifetime = TimeSpan.FromMinutes(request?.LifetimeMinutes ?? 60);
        if (roles.Except(KnownRoles, StringComparer.Ordinal).FirstOrDefault() is { } unknown)
        {
            return Invalid($"Unknown role '{unknown}'; roles are {string.Join(", ", KnownRoles)}.");
        }

        if (tenants.Any(string.IsNullOrWhiteSpace))
        {
            return Invalid("Tenants must be non-empty ids (or \"*\" for every tenant).");
        }

        if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromDays(1))
        {
            return Invalid("lifetimeMinutes must be between 1 and 1440.");
        }

        var now = time.GetUtcNow();
        var subject = string.IsNullOrWhiteSpace(request?.Subject) ? "dev-user" : request.Subject;
        var token = DevJwt.Mint(options.DevSigningKey, subject, roles, tenants, now, lifetime);
        return TypedResults.Ok(new DevTokenDto(token, now + lifetime));
    }

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid token request");
}

internal sealed record DevTokenRequest(string? Subject, IReadOnlyList<string>? Roles, IReadOnlyList<string>? Tenants, int? LifetimeMinutes);

internal sealed record DevTokenDto(string Token, DateTimeOffset ExpiresAt);
