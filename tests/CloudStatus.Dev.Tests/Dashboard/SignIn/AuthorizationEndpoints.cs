using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CloudStatus.Functions.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CloudStatus.Dev.Tests.Dashboard.SignIn;

/// <summary>What an authorization code stands for until the client redeems it (once) with the PKCE verifier.</summary>
internal sealed record AuthorizationGrant(TestUser User, string RedirectUri, string CodeChallenge, string? Nonce, string Scope);

/// <summary>Issued codes and refresh tokens of the test directory; each code is redeemed once.</summary>
internal sealed class AuthorizationCodes
{
    public ConcurrentDictionary<string, AuthorizationGrant> Codes { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, AuthorizationGrant> RefreshTokens { get; } = new(StringComparer.Ordinal);

    public static string NewValue() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}

/// <summary>
/// <c>/oauth2/v2.0/authorize</c> (GET: the sign-in page, POST: the user's choice → a code on the redirect URI) and
/// <c>/oauth2/v2.0/token</c> (authorization_code with the PKCE verifier, refresh_token) of
/// <see cref="LoopbackIdentityProvider"/>. Requests Entra ID would refuse are refused the same way (400 with an
/// OAuth error), so a dashboard that skipped PKCE or sent another redirect URI fails here too.
/// </summary>
internal static class AuthorizationEndpoints
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(30);

    public static void MapAuthorizationEndpoints(this RouteGroupBuilder directory, LoopbackIdentityProvider idp)
    {
        directory.MapGet("/oauth2/v2.0/authorize", (HttpRequest request) => SignInPage(idp, request));
        directory.MapPost("/oauth2/v2.0/authorize", async (HttpRequest request) => Authorize(idp, await request.ReadFormAsync()));
        directory.MapPost("/oauth2/v2.0/token", async (HttpRequest request) => Token(idp, await request.ReadFormAsync()));
    }

    private static string? RequestError(LoopbackIdentityProvider idp, Func<string, string> get)
    {
        if (get("client_id") != idp.ClientId)
        {
            return "unauthorized_client: unknown client_id";
        }

        if (idp.RedirectUri is null || get("redirect_uri") != idp.RedirectUri)
        {
            return $"invalid_request: redirect_uri '{get("redirect_uri")}' is not registered";
        }

        if (get("response_type") != "code")
        {
            return "unsupported_response_type: only code";
        }

        if (get("code_challenge_method") != "S256" || get("code_challenge").Length < 43)
        {
            return "invalid_request: PKCE with S256 is required";
        }

        return get("scope").Split(' ').Contains("openid", StringComparer.Ordinal) ? null : "invalid_scope: openid is required";
    }

    private static IResult SignInPage(LoopbackIdentityProvider idp, HttpRequest request)
    {
        string Get(string name) => request.Query[name].ToString();
        if (RequestError(idp, Get) is { } error)
        {
            return Results.Text(error, "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }

        var html = new StringBuilder("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Test directory: sign in</title><link rel=\"icon\" href=\"data:,\"></head><body>");
        html.Append("<h1>Sign in to the test directory</h1><form method=\"post\">");
        foreach (var name in new[] { "client_id", "redirect_uri", "response_type", "response_mode", "scope", "state", "nonce", "code_challenge", "code_challenge_method" })
        {
            html.Append(CultureInfoInvariant($"<input type=\"hidden\" name=\"{name}\" value=\"{WebUtility.HtmlEncode(Get(name))}\">"));
        }

        foreach (var user in idp.Users)
        {
            var name = WebUtility.HtmlEncode(user.UserName);
            html.Append(CultureInfoInvariant($"<button type=\"submit\" name=\"user\" value=\"{name}\">Sign in as {name}</button> "));
        }

        html.Append("</form></body></html>");
        return Results.Content(html.ToString(), "text/html");
    }

    private static IResult Authorize(LoopbackIdentityProvider idp, IFormCollection form)
    {
        string Get(string name) => form[name].ToString();
        if (RequestError(idp, Get) is { } error)
        {
            return Results.Text(error, "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }

        var user = idp.Users.SingleOrDefault(u => u.UserName == Get("user"));
        if (user is null)
        {
            return Results.Text("unknown user", "text/plain", statusCode: StatusCodes.Status400BadRequest);
        }

        var code = AuthorizationCodes.NewValue();
        idp.Codes.Codes[code] = new AuthorizationGrant(user, Get("redirect_uri"), Get("code_challenge"), Get("nonce"), Get("scope"));
        var parameters = $"code={Uri.EscapeDataString(code)}&state={Uri.EscapeDataString(Get("state"))}&client_info={ClientInfo(idp, user)}";
        var separator = Get("response_mode") == "query" ? "?" : "#";
        return Results.Redirect(Get("redirect_uri") + separator + parameters);
    }

    private static IResult Token(LoopbackIdentityProvider idp, IFormCollection form)
    {
        string Get(string name) => form[name].ToString();
        if (Get("client_id") != idp.ClientId)
        {
            return OAuthError("invalid_client", "unknown client_id");
        }

        AuthorizationGrant? grant;
        switch (Get("grant_type"))
        {
            case "authorization_code":
                if (!idp.Codes.Codes.TryRemove(Get("code"), out grant))
                {
                    return OAuthError("invalid_grant", "the code is unknown or was redeemed already");
                }

                if (Get("redirect_uri") != grant.RedirectUri)
                {
                    return OAuthError("invalid_grant", "redirect_uri differs from the authorization request's");
                }

                var verifier = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(Get("code_verifier"))));
                if (verifier != grant.CodeChallenge)
                {
                    return OAuthError("invalid_grant", "the PKCE code_verifier does not match the code_challenge");
                }

                break;
            case "refresh_token":
                if (!idp.Codes.RefreshTokens.TryRemove(Get("refresh_token"), out grant))
                {
                    return OAuthError("invalid_grant", "unknown refresh token");
                }

                grant = grant with { Nonce = null };
                break;
            default:
                return OAuthError("unsupported_grant_type", Get("grant_type"));
        }

        var refresh = AuthorizationCodes.NewValue();
        idp.Codes.RefreshTokens[refresh] = grant;
        var response = new JsonObject
        {
            ["token_type"] = "Bearer",
            ["scope"] = LoopbackIdentityProvider.Scope,
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["ext_expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["access_token"] = Mint(idp, grant, LoopbackIdentityProvider.Audience, access: true),
            ["id_token"] = Mint(idp, grant, idp.ClientId, access: false),
            ["refresh_token"] = refresh,
            ["client_info"] = ClientInfo(idp, grant.User),
        };
        return Results.Text(response.ToJsonString(), "application/json");
    }

    private static string Mint(LoopbackIdentityProvider idp, AuthorizationGrant grant, string audience, bool access)
    {
        var user = grant.User;
        var claims = new List<Claim>
        {
            new("sub", user.ObjectId),
            new("oid", user.ObjectId),
            new("tid", idp.DirectoryId),
            new("preferred_username", user.UserName),
            new("name", user.UserName),
            new("ver", "2.0"),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(CloudStatusClaims.Roles, r)));
        claims.AddRange(user.Tenants.Select(t => new Claim(CloudStatusClaims.Tenant, t)));
        if (access)
        {
            claims.Add(new Claim("azp", idp.ClientId));
            claims.Add(new Claim("scp", "user_impersonation"));
        }
        else if (!string.IsNullOrEmpty(grant.Nonce))
        {
            claims.Add(new Claim("nonce", grant.Nonce));
        }

        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = idp.Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + TokenLifetime,
            SigningCredentials = new SigningCredentials(idp.SigningKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>Entra ID's client_info: base64url JSON naming the user and its directory (MSAL keys its account cache on it).</summary>
    private static string ClientInfo(LoopbackIdentityProvider idp, TestUser user) =>
        Base64UrlEncoder.Encode(new JsonObject { ["uid"] = user.ObjectId, ["utid"] = idp.DirectoryId }.ToJsonString());

    private static IResult OAuthError(string error, string description) => Results.Text(
        new JsonObject { ["error"] = error, ["error_description"] = description }.ToJsonString(),
        "application/json",
        statusCode: StatusCodes.Status400BadRequest);

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);
}
