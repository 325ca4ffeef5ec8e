using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace CloudStatus.Dev.Tests.Dashboard.SignIn;

/// <summary>A user the test directory signs in: its app roles and CloudStatus tenants, as Entra ID puts them in tokens.</summary>
internal sealed record TestUser(string UserName, IReadOnlyList<string> Roles, IReadOnlyList<string> Tenants)
{
    public string ObjectId { get; } = Guid.NewGuid().ToString();
}

/// <summary>
/// An OpenID Connect provider on loopback standing in for Entra ID in the sign-in tests: the same paths under one
/// directory id (<c>/{tenant}/v2.0/.well-known/openid-configuration</c>, <c>/discovery/v2.0/keys</c>,
/// <c>/oauth2/v2.0/authorize</c>, <c>/token</c>, <c>/logout</c>), HTTPS with a self-signed certificate (MSAL.js refuses
/// any other authority), the authorization code flow with PKCE (S256 only) for one registered client and redirect URI,
/// and RSA-signed v2.0 tokens carrying <c>roles</c> and <c>cs_tenant</c>. Its sign-in page lists the test users as
/// buttons. Nothing here is mocked: MSAL.js in Chromium and the API's JwtBearer handler talk to it over real sockets.
/// </summary>
internal sealed class LoopbackIdentityProvider : IAsyncDisposable
{
    public const string Scope = "api://cloudstatus-test/user_impersonation";
    public const string Audience = "api://cloudstatus-test";

    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;

    private LoopbackIdentityProvider(WebApplication app, X509Certificate2 certificate, RsaSecurityKey signingKey, IReadOnlyList<TestUser> users)
    {
        _app = app;
        _certificate = certificate;
        SigningKey = signingKey;
        Users = users;
    }

    public string DirectoryId { get; } = Guid.NewGuid().ToString();

    public string ClientId { get; } = Guid.NewGuid().ToString();

    public IReadOnlyList<TestUser> Users { get; }

    public RsaSecurityKey SigningKey { get; }

    /// <summary>https://127.0.0.1:port/ — the "instance" as for login.microsoftonline.com.</summary>
    public Uri Instance { get; private set; } = null!;

    public string Issuer => $"{Instance}{DirectoryId}/v2.0";

    /// <summary>The dashboard's URL: the one redirect URI registered for the client. Set once the dashboard's host is up.</summary>
    public string? RedirectUri { get; set; }

    internal AuthorizationCodes Codes { get; } = new();

    /// <summary>The API's configuration for this directory, as `azd up` sets it for Entra ID.</summary>
    public IReadOnlyDictionary<string, string> ApiSettings => new Dictionary<string, string>
    {
        ["CloudStatus:Auth:Entra:Instance"] = Instance.ToString(),
        ["CloudStatus:Auth:Entra:TenantId"] = DirectoryId,
        ["CloudStatus:Auth:Entra:Audience"] = Audience,
        ["CloudStatus:Auth:Entra:ClientId"] = ClientId,
        ["CloudStatus:Auth:Entra:Scope"] = Scope,
    };

    public static async Task<LoopbackIdentityProvider> StartAsync(params TestUser[] users)
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate })));
        builder.Services.AddCors();
        var app = builder.Build();
        var provider = new LoopbackIdentityProvider(app, certificate, new RsaSecurityKey(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") }, users);

        // SPA clients call the metadata and token endpoints cross-origin, as Entra ID allows for SPA redirect URIs.
        app.UseCors(p => p.AllowAnyOrigin().AllowAnyHeader().AllowAnyMethod());
        var directory = app.MapGroup("/" + provider.DirectoryId);
        directory.MapGet("/v2.0/.well-known/openid-configuration", provider.Metadata);
        directory.MapGet("/discovery/v2.0/keys", provider.Keys);
        directory.MapGet("/oauth2/v2.0/logout", provider.Logout);
        directory.MapAuthorizationEndpoints(provider);
        await app.StartAsync();
        provider.Instance = new Uri(app.Urls.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return provider;
    }

    /// <summary>
    /// A handler for the API's metadata and key requests that trusts this provider's certificate — as a machine would
    /// trust its directory's CA — and nothing else that is not trusted already.
    /// </summary>
    public SocketsHttpHandler CreateTrustingHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                errors == SslPolicyErrors.None || (presented is not null && presented.GetCertHashString() == _certificate.GetCertHashString()),
        },
    };

    public TestUser User(string userName) => Users.Single(u => u.UserName == userName);

    private IResult Metadata()
    {
        var oauth = $"{Instance}{DirectoryId}/oauth2/v2.0";
        var document = new JsonObject
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = $"{oauth}/authorize",
            ["token_endpoint"] = $"{oauth}/token",
            ["end_session_endpoint"] = $"{oauth}/logout",
            ["jwks_uri"] = $"{Instance}{DirectoryId}/discovery/v2.0/keys",
            ["response_types_supported"] = new JsonArray("code"),
            ["response_modes_supported"] = new JsonArray("query", "fragment"),
            ["subject_types_supported"] = new JsonArray("pairwise"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["code_challenge_methods_supported"] = new JsonArray("S256"),
            ["scopes_supported"] = new JsonArray("openid", "profile", "offline_access"),
        };
        return Results.Text(document.ToJsonString(), "application/json");
    }

    private IResult Keys()
    {
        var parameters = SigningKey.Rsa.ExportParameters(includePrivateParameters: false);
        var key = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["kid"] = SigningKey.KeyId,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        return Results.Text(new JsonObject { ["keys"] = new JsonArray(key) }.ToJsonString(), "application/json");
    }

    private IResult Logout(HttpRequest request)
    {
        var back = request.Query["post_logout_redirect_uri"].ToString();
        return back.Length > 0 && back == RedirectUri
            ? Results.Redirect(back)
            : Results.Text("You are signed out.", "text/plain");
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(2));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificate.Dispose();
        SigningKey.Rsa.Dispose();
    }
}
