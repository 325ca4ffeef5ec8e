namespace CloudStatus.Functions.Auth;

/// <summary>Claim types, roles and policies of the CloudStatus API.</summary>
public static class CloudStatusClaims
{
    /// <summary>A tenant the caller may see (one claim per tenant); the value <see cref="AllTenants"/> means every tenant.</summary>
    public const string Tenant = "cs_tenant";

    /// <summary>The JWT claim carrying app roles (Entra ID puts app role assignments there).</summary>
    public const string Roles = "roles";

    public const string AllTenants = "*";

    public const string ReadRole = "Status.Read";
    public const string OperateRole = "Status.Operate";

    public const string ReadPolicy = "Status.Read";
    public const string OperatePolicy = "Status.Operate";
}
