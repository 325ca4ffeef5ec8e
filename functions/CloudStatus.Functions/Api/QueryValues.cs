using CloudStatus.Core.Model;

namespace CloudStatus.Functions.Api;

/// <summary>The query-string spellings API v1 accepts for booleans and health, and their validation messages.</summary>
internal static class QueryValues
{
    public const string IdRule = "Must be 1–128 characters of [A-Za-z0-9._:-].";
    public const string BoolRule = "Must be 'true' or 'false'.";

    /// <summary>The health names of the wire and the stores, in enum order.</summary>
    public static readonly string[] HealthNames = ["unknown", "online", "degraded", "offline"];

    public static string HealthRule => $"Must be one of: {string.Join(", ", HealthNames)}.";

    public static bool? Bool(string? text) => text switch
    {
        "true" => true,
        "false" => false,
        _ => null,
    };

    public static bool IsBool(string? text) => text is null or "true" or "false";

    public static Health? Health(string? text) =>
        text is not null && Array.IndexOf(HealthNames, text) is var i and >= 0 ? (Health)i : null;

    public static bool IsHealth(string? text) => text is null || HealthNames.Contains(text, StringComparer.Ordinal);

    public static bool IsKind(string? text) =>
        text is null || (text.Length is > 0 and <= 64 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'));

    public static bool IsId(string? text) => text is null || ProducerId.IsValid(text);
}
