using CloudStatus.Core.Central;

namespace CloudStatus.Functions.Storage;

/// <summary>The status-change event log, partitioned by tenant and time bucket.</summary>
/// <remarks>Public, with its documents, so a host can wrap the port (the benchmark counts the Cosmos operations each call stands for).</remarks>
public interface IEventStore
{
    /// <summary>Appends events; an event whose id is already stored is ignored (appends are retry-safe).</summary>
    Task AppendAsync(IReadOnlyCollection<StatusEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page in <see cref="EventQuery.Order"/> (newest first by default), starting past
    /// <see cref="EventQuery.StartAfter"/> or at <see cref="EventQuery.Continuation"/>; the page's continuation is
    /// null exactly when nothing further matches. Throws <see cref="InvalidContinuationException"/> for a foreign token.
    /// </summary>
    Task<Page<StatusEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken = default);
}
