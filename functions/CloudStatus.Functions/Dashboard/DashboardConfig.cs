using System.Text.Json.Serialization;
using CloudStatus.Functions.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CloudStatus.Functions.Dashboard;

/// <summary>
/// <c>GET /config.json</c> (anonymous): how the dashboard signs in. With Entra ID sign-in configured it names the
/// authority, the dashboard's client id and the API scope for MSAL.js (docs/adr/0090); without, <c>signIn</c> is null
/// and the page asks for a bearer token as before. At the root because the Function App routes one path segment to
/// the dashboard.
/// </summary>
internal static class DashboardConfig
{
    public const string Path = "/config.json";

    public static IEndpointRouteBuilder MapDashboardConfig(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext context, IOptions<AuthOptions> auth) =>
            {
                context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
                return TypedResults.Json(For(auth.Value.Entra), DashboardJsonContext.Default.DashboardConfigDto);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    public static DashboardConfigDto For(EntraAuthOptions entra)
    {
        if (!entra.SignInConfigured)
        {
            return new DashboardConfigDto(null);
        }

        var authority = entra.Authority;
        return new DashboardConfigDto(new SignInConfigDto(authority.ToString(), entra.ClientId!, [entra.Scope!], [authority.Authority]));
    }

    /// <summary>The origin the page must be allowed to call and frame for sign-in (the authority's), or null.</summary>
    public static string? SignInOrigin(EntraAuthOptions entra) =>
        entra.SignInConfigured ? entra.Authority.GetLeftPart(UriPartial.Authority) : null;
}

/// <summary>The dashboard's configuration; <see cref="SignIn"/> null means "ask for a bearer token".</summary>
internal sealed record DashboardConfigDto(SignInConfigDto? SignIn);

/// <summary>MSAL.js settings: the authority (directory), the dashboard's client id, the scopes to ask for and the known authority hosts.</summary>
internal sealed record SignInConfigDto(string Authority, string ClientId, IReadOnlyList<string> Scopes, IReadOnlyList<string> KnownAuthorities);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(DashboardConfigDto))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
