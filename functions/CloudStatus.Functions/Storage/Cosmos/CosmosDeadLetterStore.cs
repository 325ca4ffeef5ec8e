using System.Globalization;
using Microsoft.Azure.Cosmos;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// Dead letters in <c>deadletters</c> (partition = UTC day received, id = dead-letter id, <c>t</c> = received time,
/// the raw body as base64). <c>lookups</c> lists the days that have any, so a listing walks them newest first.
/// </summary>
internal sealed class CosmosDeadLetterStore(CosmosCentralDatabase database, CosmosLookups lookups) : IDeadLetterStore
{
    public async Task AddAsync(DeadLetter deadLetter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deadLetter);
        var day = CosmosJson.Day(deadLetter.ReceivedAt);
        await lookups.AddToListAsync(CosmosLookups.DeadLetterDaysId, day, cancellationToken).ConfigureAwait(false);
        var document = CosmosJson.ToObject(deadLetter, CosmosJsonContext.Default.DeadLetter);
        document["day"] = day;
        document["t"] = CosmosJson.Ticks(deadLetter.ReceivedAt);
        await database.CreateAsync(CosmosContainers.DeadLetters, day, document, cancellationToken).ConfigureAwait(false); // Conflict = stored already
    }

    public async Task<Page<DeadLetter>> ListAsync(int limit, string? continuation, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        (long Ticks, string Id)? after = null;
        if (continuation is not null)
        {
            var parts = ContinuationToken.Decode(continuation, 2);
            after = long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var t) && t <= DateTime.MaxValue.Ticks
                ? (t, parts[1])
                : throw new InvalidContinuationException();
        }

        var days = (await lookups.GetListAsync(CosmosLookups.DeadLetterDaysId, cancellationToken).ConfigureAwait(false))
            .Where(d => after is not { } a || string.CompareOrdinal(d, CosmosJson.Day(new DateTimeOffset(a.Ticks, TimeSpan.Zero))) <= 0)
            .OrderDescending(StringComparer.Ordinal);
        var items = new List<DeadLetter>();
        foreach (var day in days)
        {
            var need = limit + 1 - items.Count;
            var query = after is { } a
                ? new QueryDefinition("SELECT TOP @top * FROM c WHERE c.day = @day AND (c.t < @afterT OR (c.t = @afterT AND c.id < @afterId)) ORDER BY c.t DESC, c.id DESC")
                    .WithParameter("@afterT", a.Ticks.ToString("D19", CultureInfo.InvariantCulture))
                    .WithParameter("@afterId", a.Id)
                : new QueryDefinition("SELECT TOP @top * FROM c WHERE c.day = @day ORDER BY c.t DESC, c.id DESC");
            var documents = await database.QueryAsync(
                CosmosContainers.DeadLetters, day, query.WithParameter("@top", need).WithParameter("@day", day), need, cancellationToken).ConfigureAwait(false);
            items.AddRange(documents.Select(d => CosmosJson.Read(d.Body, CosmosJsonContext.Default.DeadLetter)));
            if (items.Count > limit)
            {
                break;
            }
        }

        if (items.Count <= limit)
        {
            return new Page<DeadLetter>(items, null);
        }

        items.RemoveRange(limit, items.Count - limit);
        var last = items[^1];
        return new Page<DeadLetter>(items, ContinuationToken.Encode(last.ReceivedAt.UtcTicks.ToString(CultureInfo.InvariantCulture), last.Id));
    }
}
