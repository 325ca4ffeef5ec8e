namespace CloudStatus.Functions.Auth;

/// <summary>API authentication (section <c>CloudStatus:Auth</c>).</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "CloudStatus:Auth";

    /// <summary>
    /// The bearer token the development handler accepts (roles Status.Read and Status.Operate, every tenant).
    /// Unset: every protected request is refused with 401.
    /// </summary>
    public string? DevToken { get; set; }

    public IReadOnlyList<string> Validate() =>
        DevToken is { Length: > 0 and < 16 }
            ? [$"{SectionName}:DevToken must be at least 16 characters when set."]
            : [];
}
