using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CloudStatus.Functions.Auth;

/// <summary>
/// JWTs of the local stack: same claims as Entra ID tokens (<c>roles</c>, <c>cs_tenant</c>), signed with the stack's
/// own HMAC key (<see cref="AuthOptions.DevSigningKey"/>) and validated by the same JwtBearer handler shape. Public: the
/// dev stack mints them (<c>POST /dev/tokens</c>).
/// </summary>
public static class DevJwt
{
    public const string Issuer = "cloudstatus-dev";
    public const string Audience = "cloudstatus-api";

    public static string Mint(
        string signingKey,
        string subject,
        IEnumerable<string> roles,
        IEnumerable<string> tenants,
        DateTimeOffset now,
        TimeSpan lifetime)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingKey);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        var claims = new List<Claim> { new("sub", subject), new("preferred_username", subject) };
        claims.AddRange(roles.Select(r => new Claim(CloudStatusClaims.Roles, r)));
        claims.AddRange(tenants.Select(t => new Claim(CloudStatusClaims.Tenant, t)));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(Key(signingKey), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public static SymmetricSecurityKey Key(string signingKey) => new(Convert.FromBase64String(signingKey));

    /// <summary>True when <paramref name="token"/> is a JWT whose (not yet verified) issuer is the local stack.</summary>
    public static bool IsDevIssued(string token)
    {
        var handler = new JsonWebTokenHandler();
        if (!handler.CanReadToken(token))
        {
            return false;
        }

        try
        {
            return string.Equals(handler.ReadJsonWebToken(token).Issuer, Issuer, StringComparison.Ordinal);
        }
        catch (SecurityTokenMalformedException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
