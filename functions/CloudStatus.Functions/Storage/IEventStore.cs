using CloudStatus.Core.Central;

namespace CloudStatus.Functions.Storage;

/// <summary>The status-change event log, partitioned by tenant and time bucket.</summary>
/// <remarks>Public, with its documents, so a host can wrap the port (the benchmark counts the Cosmos operations each call stands for).</remarks>
public interface IEventStore
{
    /// <summary>
    /// Appends the events one batch logged (<paramref name="batchId"/>: the same id for the same batch redelivered,
    /// e.g. <see cref="EventIds.ForBatch"/>). Appends are retry-safe: a batch id already stored is ignored whole, and an
    /// event id already logged by another batch is listed once, at its first central time (an adapter that keeps a
    /// batch's events together, docs/adr/0131, drops the later copies when it reads; docs/adr/0132). Queries return
    /// events one by one.
    /// </summary>
    Task AppendAsync(string batchId, IReadOnlyCollection<StatusEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page in <see cref="EventQuery.Order"/> (newest first by default), starting past
    /// <see cref="EventQuery.StartAfter"/> or at <see cref="EventQuery.Continuation"/>; the page's continuation is
    /// null exactly when nothing further matches. Throws <see cref="InvalidContinuationException"/> for a foreign token.
    /// </summary>
    Task<Page<StatusEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken = default);
}
