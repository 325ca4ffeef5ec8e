using System.Globalization;
using CloudStatus.Core.Commands;
using Microsoft.AspNetCore.Mvc;

namespace CloudStatus.Functions.Api;

/// <summary>
/// <c>?from=&amp;to=&amp;type=&amp;limit=&amp;continuation=</c> of the cross-server history (ISO-8601 local times of the
/// member servers; to is exclusive; without from, the hour before to; without to, now).
/// </summary>
internal sealed record HistoryQuery(
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "type")] string? Type,
    [FromQuery(Name = "limit")] string? Limit,
    [FromQuery(Name = "continuation")] string? Continuation) : IValidatable
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);

    public int LimitValue => Limit is null ? HistoryRequest.DefaultLimit : int.Parse(Limit, NumberStyles.None, CultureInfo.InvariantCulture);

    public (DateTimeOffset From, DateTimeOffset To) Range(DateTimeOffset now)
    {
        var to = To is null ? now : EventsQuery.ParseTime(To)!.Value;
        var from = From is null ? to - DefaultWindow : EventsQuery.ParseTime(From)!.Value;
        return (from, to);
    }

    public IDictionary<string, string[]> Validate()
    {
        // Same time, type and limit rules as the event log's listing.
        var errors = new EventsQuery(From, To, Type, null, null, null).Validate();
        if (PageQuery.ValidateLimit(Limit, HistoryRequest.MaxLimit) is { } limitError)
        {
            errors["limit"] = [limitError];
        }

        return errors;
    }
}
