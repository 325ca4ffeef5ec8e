using CloudStatus.Core.Central;

namespace CloudStatus.Functions.Storage;

/// <summary>
/// A page of the event log: the given tenants, central time in [From, To), optional type and server, in
/// <see cref="Order"/> by (central time, event id). The adapter walks tenant/time-bucket partitions from To back to
/// From (newest first) or from From to To (oldest first).
/// </summary>
public sealed record EventQuery
{
    public required IReadOnlyList<string> TenantIds { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public string? Type { get; init; }
    public string? ServerId { get; init; }
    public int Limit { get; init; } = 100;

    /// <summary>An opaque token of a previous page of the same query (same <see cref="Order"/>); the adapter's own format.</summary>
    public string? Continuation { get; init; }

    /// <summary>The listing order. Added after the first adapters: the default is the original newest-first order.</summary>
    public EventOrder Order { get; init; } = EventOrder.NewestFirst;

    /// <summary>
    /// Keyset start: only events strictly past this position in <see cref="Order"/> (older than it when newest first,
    /// newer when oldest first). The position need not be a stored event. Not combined with <see cref="Continuation"/>.
    /// </summary>
    public EventPosition? StartAfter { get; init; }
}

/// <summary>The order of an event listing: by central time, then event id (ordinal), both in the same direction.</summary>
public enum EventOrder
{
    NewestFirst = 0,
    OldestFirst = 1,
}

/// <summary>A place in the event log's total order: (central time, event id).</summary>
public readonly record struct EventPosition(DateTimeOffset CentralTimestamp, string EventId)
{
    public static EventPosition Of(StatusEvent e) => new(e.CentralTimestamp, e.EventId);
}
