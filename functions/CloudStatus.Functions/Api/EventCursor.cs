using System.Globalization;
using CloudStatus.Functions.Storage;

namespace CloudStatus.Functions.Api;

/// <summary>
/// The events API's paging token: a position in the log (an event's central time and id) and the side of it the
/// wanted page lies on, newer or older. Independent of the listing order, so one token kind serves both the
/// <c>continuation</c> (next) and the <c>previous</c> link of a page, and of the store adapter (it names no partition).
/// </summary>
internal readonly record struct EventCursor(bool Newer, EventPosition Position)
{
    private const string Tag = "ev1";
    private const string After = "after";
    private const string Before = "before";

    /// <summary>The store order that walks away from the position towards the page.</summary>
    public EventOrder FetchOrder => Newer ? EventOrder.OldestFirst : EventOrder.NewestFirst;

    public string Encode() => ContinuationToken.Encode(
        Tag, Newer ? After : Before, Position.CentralTimestamp.UtcTicks.ToString(CultureInfo.InvariantCulture), Position.EventId);

    /// <summary>Throws <see cref="InvalidContinuationException"/> for anything this API did not issue.</summary>
    public static EventCursor Decode(string token)
    {
        var parts = ContinuationToken.Decode(token, 4);
        if (parts[0] != Tag || parts[1] is not (After or Before) || parts[3].Length == 0
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new InvalidContinuationException();
        }

        return new EventCursor(parts[1] == After, new EventPosition(new DateTimeOffset(ticks, TimeSpan.Zero), parts[3]));
    }
}
