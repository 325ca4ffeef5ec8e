using CloudStatus.Core.Commands;

namespace CloudStatus.Edge.History;

/// <summary>
/// The local server's full-fidelity event history (S3): SQLite embedded now, Table storage next. Events are ordered
/// by (local time, number); the adapter numbers appended transitions consecutively and never reuses a number.
/// Thread-safe: the writer appends while a direct method queries.
/// </summary>
internal interface ILocalHistory : IAsyncDisposable
{
    /// <summary>Appends in order, giving each the next number and the id <c>{serverId}:{epoch}:{number}</c>.</summary>
    Task AppendAsync(IReadOnlyList<LocalTransition> transitions, CancellationToken cancellationToken = default);

    /// <summary>One page; throws <see cref="UnknownHistoryCursorException"/> when <see cref="LocalHistoryQuery.After"/> is not an event held here.</summary>
    Task<LocalHistoryPage> QueryAsync(LocalHistoryQuery query, CancellationToken cancellationToken = default);

    /// <summary>Removes events older than <paramref name="olderThan"/> and all but the newest <paramref name="maxEvents"/>; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset olderThan, long maxEvents, CancellationToken cancellationToken = default);
}

/// <summary>Local time in [From, To), optionally one type, at most Limit events strictly after the event id After.</summary>
internal sealed record LocalHistoryQuery(DateTimeOffset From, DateTimeOffset To, string? Type, int Limit, string? After = null);

/// <summary>Events in (time, number) order; <see cref="More"/> when further events match.</summary>
internal sealed record LocalHistoryPage(IReadOnlyList<HistoryEvent> Events, bool More);

/// <summary>A paging cursor naming an event this history does not hold (another server or epoch, or pruned since).</summary>
internal sealed class UnknownHistoryCursorException : Exception
{
    public UnknownHistoryCursorException()
        : base("The cursor event is not in this server's local history.")
    {
    }

    public UnknownHistoryCursorException(string message)
        : base(message)
    {
    }

    public UnknownHistoryCursorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
