namespace CloudStatus.Functions.Auth;

/// <summary>API authentication (section <c>CloudStatus:Auth</c>): Entra ID JWTs in Azure, dev credentials locally.</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "CloudStatus:Auth";

    /// <summary>
    /// An opaque bearer token the development handler accepts (roles Status.Read and Status.Operate, every tenant).
    /// Local stack only; never set in Azure.
    /// </summary>
    public string? DevToken { get; set; }

    /// <summary>
    /// Base64 HMAC key (at least 32 bytes) for JWTs minted by the local stack (issuer <see cref="DevJwt.Issuer"/>),
    /// so tests and the dashboard can use reader, operator and single-tenant tokens. Local stack only.
    /// </summary>
    public string? DevSigningKey { get; set; }

    /// <summary>Entra ID JWT validation; used when <see cref="EntraAuthOptions.TenantId"/> is set.</summary>
    public EntraAuthOptions Entra { get; set; } = new();

    public bool AnyConfigured => !string.IsNullOrEmpty(DevToken) || !string.IsNullOrEmpty(DevSigningKey) || Entra.IsConfigured;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (DevToken is { Length: > 0 and < 16 })
        {
            errors.Add($"{SectionName}:DevToken must be at least 16 characters when set.");
        }

        if (DevSigningKey is { Length: > 0 } && !(TryDecode(DevSigningKey, out var key) && key.Length >= 32))
        {
            errors.Add($"{SectionName}:DevSigningKey must be base64 of at least 32 bytes when set.");
        }

        errors.AddRange(Entra.Validate($"{SectionName}:Entra"));
        return errors;
    }

    private static bool TryDecode(string base64, out byte[] bytes)
    {
        bytes = new byte[base64.Length];
        if (Convert.TryFromBase64String(base64, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }
}

/// <summary>Entra ID (section <c>CloudStatus:Auth:Entra</c>): the API's app registration and its directory.</summary>
internal sealed class EntraAuthOptions
{
    /// <summary>The login endpoint of the cloud (public cloud by default).</summary>
    public Uri Instance { get; set; } = new("https://login.microsoftonline.com/");

    /// <summary>The Entra directory (tenant) id that issues tokens for the API.</summary>
    public string? TenantId { get; set; }

    /// <summary>The API's application id URI or client id: the <c>aud</c> a token must carry.</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// The JWT claim naming the CloudStatus tenant(s) the caller may see (a directory extension or claims-mapping
    /// claim); one claim per tenant, or the value <c>*</c> for every tenant.
    /// </summary>
    public string TenantClaim { get; set; } = CloudStatusClaims.Tenant;

    /// <summary>
    /// The dashboard's app registration (a single-page application with the dashboard's URL as redirect URI). When
    /// set, the dashboard signs the operator in with MSAL.js (docs/adr/0090) instead of asking for a pasted token.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>The API scope the dashboard asks for when it signs in, e.g. <c>api://cloudstatus-dev/user_impersonation</c>.</summary>
    public string? Scope { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(TenantId);

    /// <summary>True when the dashboard signs in with Entra ID (the directory, the API and the dashboard's client are all set).</summary>
    public bool SignInConfigured => IsConfigured && !string.IsNullOrEmpty(ClientId);

    public Uri Authority => new(Instance, $"{TenantId}/v2.0");

    public IEnumerable<string> Validate(string section)
    {
        if (!IsConfigured)
        {
            if (!string.IsNullOrEmpty(ClientId))
            {
                yield return $"{section}:ClientId (dashboard sign-in) needs {section}:TenantId and :Audience.";
            }

            yield break;
        }

        if (!string.IsNullOrEmpty(ClientId) && string.IsNullOrWhiteSpace(Scope))
        {
            yield return $"{section}:Scope is required with ClientId (the API scope the dashboard asks for).";
        }

        if (!string.Equals(Instance.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal))
        {
            yield return $"{section}:Instance must be an https URL, was '{Instance}'.";
        }

        if (!Guid.TryParse(TenantId, out _))
        {
            yield return $"{section}:TenantId must be the directory id (a GUID), was '{TenantId}'.";
        }

        if (string.IsNullOrWhiteSpace(Audience))
        {
            yield return $"{section}:Audience is required with TenantId (the API's application id URI or client id).";
        }

        if (string.IsNullOrWhiteSpace(TenantClaim))
        {
            yield return $"{section}:TenantClaim must name a claim.";
        }
    }
}
