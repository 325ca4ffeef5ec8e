using System.Globalization;
using CloudStatus.Core.Model;
using CloudStatus.Functions.Storage;

namespace CloudStatus.Functions.History;

/// <summary>
/// Where a coalesced history page ended, as one position in the merged order (local time, server id, event): the
/// next page asks every member only for what lies past it, so the token stays small whatever the number of
/// servers. It also carries the servers that failed on an earlier page of the query (with their reason code): they
/// stay out of the rest of the query, so later pages never slip events in behind what was already returned.
/// </summary>
internal sealed record HistoryCursor(DateTimeOffset At, string ServerId, string EventId, IReadOnlyDictionary<string, string> Excluded)
{
    private const string Tag = "h1";

    public string Encode() => ContinuationToken.Encode(
        Tag,
        At.UtcTicks.ToString(CultureInfo.InvariantCulture),
        ServerId,
        EventId,
        string.Join(',', Excluded.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + e.Value)));

    /// <summary>Throws <see cref="InvalidContinuationException"/> for anything this API did not issue.</summary>
    public static HistoryCursor Decode(string token)
    {
        var parts = ContinuationToken.Decode(token, 5);
        if (parts[0] != Tag
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks
            || !ProducerId.IsValid(parts[2])
            || parts[3].Length is 0 or > 512)
        {
            throw new InvalidContinuationException();
        }

        var excluded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in parts[4].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var pair = entry.Split('=');
            if (pair.Length != 2 || !ProducerId.IsValid(pair[0]) || !UnavailableReasons.IsKnown(pair[1]))
            {
                throw new InvalidContinuationException();
            }

            excluded[pair[0]] = pair[1];
        }

        return new HistoryCursor(new DateTimeOffset(ticks, TimeSpan.Zero), parts[2], parts[3], excluded);
    }
}
