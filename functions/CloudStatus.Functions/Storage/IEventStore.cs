namespace CloudStatus.Functions.Storage;

/// <summary>The status-change event log, partitioned by tenant and time bucket.</summary>
internal interface IEventStore
{
    /// <summary>Appends events; an event whose id is already stored is ignored (appends are retry-safe).</summary>
    Task AppendAsync(IReadOnlyCollection<StatusEvent> events, CancellationToken cancellationToken = default);

    /// <summary>Newest first; throws <see cref="InvalidContinuationException"/> for a foreign token.</summary>
    Task<Page<StatusEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken = default);
}
