using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace CloudStatus.Functions.Auth;

/// <summary>
/// Bearer authentication of the API. One policy scheme picks the handler per request: an Entra ID JWT (Azure), a JWT
/// minted by the local stack, or the local stack's opaque dev token. Roles come from the <c>roles</c> claim, tenants
/// from <c>cs_tenant</c>. Every refusal is a problem details document (401 or 403).
/// </summary>
internal static class AuthServiceCollectionExtensions
{
    public const string Scheme = "Bearer";
    private const string EntraScheme = "Entra";
    private const string DevJwtScheme = "DevJwt";
    private const string BearerPrefix = "Bearer ";

    public static IServiceCollection AddCloudStatusAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        var builder = services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "CloudStatus bearer", o => o.ForwardDefaultSelector = context => SelectScheme(context, options))
            .AddScheme<AuthenticationSchemeOptions, DevTokenAuthenticationHandler>(DevTokenAuthenticationHandler.SchemeName, null);
        if (options.Entra.IsConfigured)
        {
            builder.AddJwtBearer(EntraScheme, o =>
            {
                o.Authority = options.Entra.Authority.ToString();
                o.MapInboundClaims = false;
                o.TokenValidationParameters = Parameters(validAudiences: [options.Entra.Audience!]);
                o.Events = Events(options.Entra.TenantClaim);
            });
        }

        if (!string.IsNullOrEmpty(options.DevSigningKey))
        {
            builder.AddJwtBearer(DevJwtScheme, o =>
            {
                o.MapInboundClaims = false;
                var parameters = Parameters(validAudiences: [DevJwt.Audience]);
                parameters.ValidIssuer = DevJwt.Issuer;
                parameters.IssuerSigningKey = DevJwt.Key(options.DevSigningKey);
                o.TokenValidationParameters = parameters;
                o.Events = Events(CloudStatusClaims.Tenant);
            });
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(CloudStatusClaims.ReadPolicy, p => p.RequireRole(CloudStatusClaims.ReadRole, CloudStatusClaims.OperateRole))
            .AddPolicy(CloudStatusClaims.OperatePolicy, p => p.RequireRole(CloudStatusClaims.OperateRole));
        return services;
    }

    private static string SelectScheme(HttpContext context, AuthOptions options)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return DevTokenAuthenticationHandler.SchemeName; // answers "no result" and writes the 401 problem
        }

        var token = header[BearerPrefix.Length..].Trim();
        if (token.Count(c => c == '.') != 2)
        {
            return DevTokenAuthenticationHandler.SchemeName;
        }

        if (!string.IsNullOrEmpty(options.DevSigningKey) && DevJwt.IsDevIssued(token))
        {
            return DevJwtScheme;
        }

        return options.Entra.IsConfigured ? EntraScheme : DevTokenAuthenticationHandler.SchemeName;
    }

    private static TokenValidationParameters Parameters(IEnumerable<string> validAudiences) => new()
    {
        ValidAudiences = validAudiences,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ClockSkew = TimeSpan.FromMinutes(2),
        RoleClaimType = CloudStatusClaims.Roles,
        NameClaimType = "preferred_username",
    };

    private static JwtBearerEvents Events(string tenantClaim) => new()
    {
        OnTokenValidated = context =>
        {
            // A directory may name the tenant claim differently; the API always reads cs_tenant.
            if (context.Principal?.Identity is ClaimsIdentity identity && tenantClaim != CloudStatusClaims.Tenant)
            {
                foreach (var claim in identity.FindAll(tenantClaim).ToList())
                {
                    identity.AddClaim(new Claim(CloudStatusClaims.Tenant, claim.Value));
                }
            }

            return Task.CompletedTask;
        },
        OnChallenge = async context =>
        {
            context.HandleResponse();
            await WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", "A valid bearer token is required.").ConfigureAwait(false);
        },
        OnForbidden = context => WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "The caller lacks the role this operation needs."),
    };

    internal static async Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }
}
