using CloudStatus.Functions.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace CloudStatus.Functions.Dashboard;

/// <summary>
/// C7: the dashboard's static files (index.html, scripts, styles) at <c>/</c>, anonymous. They are embedded in this
/// assembly (docs/adr/0035), so every host — the Function App package, the dev stack, the tests — serves the same
/// files whatever its content root. The page itself calls <c>/api/v1</c> with the user's bearer token.
/// </summary>
internal static class DashboardFiles
{
    /// <summary>Resource-name prefix of the embedded files (see the EmbeddedResource item in the project file).</summary>
    public const string ResourcePrefix = "CloudStatus.Functions.Dashboard.wwwroot";

    /// <summary>
    /// Scripts, styles and API calls from this origin only, no inline code, no framing: the page holds a bearer
    /// token, so an injected script must not run.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The policy with Entra ID sign-in: MSAL.js also calls the authority (metadata, token endpoint) and may renew
    /// tokens in a hidden frame on it.
    /// </summary>
    public static string ContentSecurityPolicyWithSignIn(string? signInOrigin) => signInOrigin is null
        ? ContentSecurityPolicy
        : ContentSecurityPolicy.Replace("connect-src 'self'", $"connect-src 'self' {signInOrigin}; frame-src {signInOrigin}", StringComparison.Ordinal);

    public static IFileProvider CreateFileProvider() => new EmbeddedFileProvider(typeof(DashboardFiles).Assembly, ResourcePrefix);

    /// <summary><c>/</c> → <c>/index.html</c>, then the files themselves, revalidated on every load so a deployment shows at once.</summary>
    public static IApplicationBuilder UseDashboardFiles(this IApplicationBuilder app)
    {
        var files = CreateFileProvider();
        var policy = ContentSecurityPolicyWithSignIn(
            DashboardConfig.SignInOrigin(app.ApplicationServices.GetRequiredService<IOptions<AuthOptions>>().Value.Entra));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers[HeaderNames.CacheControl] = "no-cache";
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers[HeaderNames.ContentSecurityPolicy] = policy;
                headers["Referrer-Policy"] = "no-referrer";
            },
        });
        return app;
    }
}
