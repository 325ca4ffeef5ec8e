using CloudStatus.Functions.Auth;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace CloudStatus.Functions.Api;

/// <summary>Document-level details: title, description, contact, tag, server URL without a trailing slash, security schemes.</summary>
internal sealed class OpenApiDocumentDetails(IOptions<AuthOptions> auth) : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "bearer";
    public const string OAuth2Scheme = "entra";
    public const string Tag = "CloudStatus";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "CloudStatus API",
            Version = "v1",
            Description =
                "Fleet status of CloudStatus: servers (IoT Edge devices) and their producers, per-site and connectivity views, "
                + "the central event log, the member servers' live history, commands (add, delete, resync, reboot) and CSV exports. "
                + "Every call needs a bearer token with an app role (Status.Read, or Status.Operate for commands and dead letters) "
                + "and sees only the tenants the token grants. Errors are RFC 7807 problem details.",
            Contact = new OpenApiContact { Name = "CloudStatus maintainers" },
        };

        foreach (var server in document.Servers ?? [])
        {
            if (server.Url is { Length: > 1 } url && url.EndsWith('/'))
            {
                server.Url = url.TrimEnd('/');
            }
        }

        document.Tags = new HashSet<OpenApiTag> { new() { Name = Tag, Description = "HTTP API v1 of CloudStatus central." } };

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description =
                "An Entra ID access token for the API's app registration (or, on the local stack, its dev token or a dev JWT). "
                + $"App roles come from the 'roles' claim: {CloudStatusClaims.ReadRole} reads, {CloudStatusClaims.OperateRole} "
                + $"reads and operates. Tenants come from '{CloudStatusClaims.Tenant}' ('*' = every tenant). Each operation's "
                + "security requirement names the role it needs.",
        };

        if (auth.Value.Entra is { IsConfigured: true } entra)
        {
            var scope = $"{entra.Audience!.TrimEnd('/')}/.default";
            document.Components.SecuritySchemes[OAuth2Scheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "Entra ID: the API's app roles are granted by app role assignment; request the API's .default scope.",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow
                    {
                        TokenUrl = new Uri(entra.Instance, $"{entra.TenantId}/oauth2/v2.0/token"),
                        Scopes = new Dictionary<string, string>(StringComparer.Ordinal) { [scope] = "The API's app roles assigned to the caller." },
                    },
                    AuthorizationCode = new OpenApiOAuthFlow
                    {
                        AuthorizationUrl = new Uri(entra.Instance, $"{entra.TenantId}/oauth2/v2.0/authorize"),
                        TokenUrl = new Uri(entra.Instance, $"{entra.TenantId}/oauth2/v2.0/token"),
                        Scopes = new Dictionary<string, string>(StringComparer.Ordinal) { [scope] = "The API's app roles assigned to the signed-in user." },
                    },
                },
            };
        }

        return Task.CompletedTask;
    }
}
