using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Auth;

/// <summary>
/// The development "Bearer" scheme: accepts exactly the configured dev token (compared in constant time) and gives
/// the caller roles Status.Read and Status.Operate over every tenant. No token configured: nobody is authenticated.
/// Challenges and forbids answer with problem details. Selected by <see cref="AuthServiceCollectionExtensions"/> for bearer values that are not JWTs.
/// </summary>
internal sealed class DevTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptions<AuthOptions> authOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "DevToken";
    private const string Prefix = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var expected = authOptions.Value.DevToken;
        if (string.IsNullOrEmpty(expected))
        {
            return Task.FromResult(AuthenticateResult.Fail("No API token is configured."));
        }

        // Hash both so the comparison takes the same time whatever the lengths.
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header[Prefix.Length..].Trim()));
        var wanted = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        if (!CryptographicOperations.FixedTimeEquals(given, wanted))
        {
            return Task.FromResult(AuthenticateResult.Fail("The bearer token is not valid."));
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, "dev-token"),
                new Claim(ClaimTypes.Role, CloudStatusClaims.ReadRole),
                new Claim(ClaimTypes.Role, CloudStatusClaims.OperateRole),
                new Claim(CloudStatusClaims.Tenant, CloudStatusClaims.AllTenants),
            ],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        AuthServiceCollectionExtensions.WriteProblemAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized", "A valid bearer token is required.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        AuthServiceCollectionExtensions.WriteProblemAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "The caller lacks the role this operation needs.");
}
