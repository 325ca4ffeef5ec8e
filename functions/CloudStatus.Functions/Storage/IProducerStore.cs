using CloudStatus.Core.Central;

namespace CloudStatus.Functions.Storage;

/// <summary>
/// Producer records, partitioned by server: every read and write names the server, except
/// <see cref="FindServerIdAsync"/> which goes through a producer → server index.
/// </summary>
/// <remarks>Public, with its documents, so a host can wrap the port (the benchmark counts the Cosmos operations each call stands for).</remarks>
public interface IProducerStore
{
    Task<ProducerState?> GetAsync(string serverId, string producerId, CancellationToken cancellationToken = default);

    /// <summary>The stored records among <paramref name="producerIds"/> (absent ids are simply missing).</summary>
    Task<IReadOnlyDictionary<string, ProducerState>> GetManyAsync(
        string serverId, IReadOnlyCollection<string> producerIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes records of one server (all must carry <paramref name="serverId"/>), keeping the index in step. Conditional
    /// on sequence: a stored record of the same epoch with a higher seq is kept (so a write planned from an older read
    /// is harmless); an equal seq (stale marks, tombstones) or another epoch replaces it.
    /// </summary>
    Task UpsertManyAsync(string serverId, IReadOnlyCollection<ProducerState> producers, CancellationToken cancellationToken = default);

    /// <summary>Every record of one server, tombstones included, ordered by producer id.</summary>
    Task<IReadOnlyList<ProducerState>> ListAsync(string serverId, CancellationToken cancellationToken = default);

    /// <summary>
    /// One page of a server's records that match <paramref name="filter"/>, ordered by producer id (the filter is applied
    /// in the query, so a page is short only at the end); throws <see cref="InvalidContinuationException"/> for a foreign
    /// token. Pass the same filter with the page's continuation.
    /// </summary>
    Task<Page<ProducerState>> PageAsync(
        string serverId, ProducerFilter filter, int limit, string? continuation, CancellationToken cancellationToken = default);

    /// <summary>The server that holds <paramref name="producerId"/> (a live record preferred over a tombstone), or null.</summary>
    Task<string?> FindServerIdAsync(string producerId, CancellationToken cancellationToken = default);

    /// <summary>Removes tombstones of one server deleted before <paramref name="deletedBefore"/>; returns how many.</summary>
    Task<int> PurgeTombstonesAsync(string serverId, DateTimeOffset deletedBefore, CancellationToken cancellationToken = default);
}
