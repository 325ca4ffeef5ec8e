using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace CloudStatus.Functions.Api;

/// <summary><c>?limit=&amp;continuation=</c> of a paged listing (bound as text, validated by <see cref="ValidationFilter"/>).</summary>
internal sealed record PageQuery(
    [FromQuery(Name = "limit")] string? Limit,
    [FromQuery(Name = "continuation")] string? Continuation) : IValidatable
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public int LimitValue => Limit is null ? DefaultLimit : int.Parse(Limit, NumberStyles.None, CultureInfo.InvariantCulture);

    public IDictionary<string, string[]> Validate() => ValidateLimit(Limit, MaxLimit) is { } error
        ? new Dictionary<string, string[]> { ["limit"] = [error] }
        : new Dictionary<string, string[]>();

    public static string? ValidateLimit(string? limit, int max) =>
        limit is null || (int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max)
            ? null
            : $"Must be an integer from 1 to {max}.";
}
