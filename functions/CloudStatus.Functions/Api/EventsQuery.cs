using System.Globalization;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Storage;
using Microsoft.AspNetCore.Mvc;

namespace CloudStatus.Functions.Api;

/// <summary>
/// <c>?from=&amp;to=&amp;type=&amp;serverId=&amp;limit=&amp;order=&amp;continuation=</c> of the event listing (ISO-8601
/// times; to is exclusive; order <c>newest</c> (default) or <c>oldest</c>; continuation is a page's
/// <c>continuation</c> or <c>previous</c> token).
/// </summary>
internal sealed record EventsQuery(
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "type")] string? Type,
    [FromQuery(Name = "serverId")] string? ServerId,
    [FromQuery(Name = "limit")] string? Limit,
    [FromQuery(Name = "continuation")] string? Continuation,
    [FromQuery(Name = "order")] string? Order = null) : IValidatable
{
    public const string Newest = "newest";
    public const string Oldest = "oldest";

    /// <summary>Without <c>from</c>, this far back from <c>to</c>.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd",
    ];

    public EventOrder OrderValue => Order == Oldest ? EventOrder.OldestFirst : EventOrder.NewestFirst;

    public int LimitValue => Limit is null ? PageQuery.DefaultLimit : int.Parse(Limit, NumberStyles.None, CultureInfo.InvariantCulture);

    public (DateTimeOffset From, DateTimeOffset To) Range(DateTimeOffset now)
    {
        var to = To is null ? now.AddMinutes(1) : ParseTime(To)!.Value;
        var from = From is null ? to - DefaultWindow : ParseTime(From)!.Value;
        return (from, to);
    }

    public IDictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var from = From is null ? null : ParseTime(From);
        var to = To is null ? null : ParseTime(To);
        if (From is not null && from is null)
        {
            errors["from"] = ["Must be an ISO-8601 date-time, e.g. 2025-01-31T12:00:00Z."];
        }

        if (To is not null && to is null)
        {
            errors["to"] = ["Must be an ISO-8601 date-time, e.g. 2025-01-31T12:00:00Z."];
        }

        if (from is { } f && to is { } t && f > t)
        {
            errors["from"] = ["Must not be after 'to'."];
        }

        if (Type is not null && (Type.Length is 0 or > 64 || !Type.All(char.IsAsciiLetterOrDigit)))
        {
            errors["type"] = ["Must be an event type name (letters and digits, at most 64)."];
        }

        if (ServerId is not null && !ProducerId.IsValid(ServerId))
        {
            errors["serverId"] = ["Must be 1–128 characters of [A-Za-z0-9._:-]."];
        }

        if (Order is not null and not Newest and not Oldest)
        {
            errors["order"] = ["Must be 'newest' or 'oldest'."];
        }

        if (PageQuery.ValidateLimit(Limit, PageQuery.MaxLimit) is { } limitError)
        {
            errors["limit"] = [limitError];
        }

        return errors;
    }

    /// <summary>An ISO-8601 date-time (a date alone is midnight UTC; no offset means UTC), or null.</summary>
    internal static DateTimeOffset? ParseTime(string text) =>
        DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
}
