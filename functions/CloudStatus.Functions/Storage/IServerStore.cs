using CloudStatus.Core.Central;

namespace CloudStatus.Functions.Storage;

/// <summary>
/// Server rows, partitioned by tenant (a Cosmos adapter keeps a serverId → tenant index for the point read).
/// </summary>
/// <remarks>Public, with its documents, so a host can wrap the port (the benchmark counts the Cosmos operations each call stands for).</remarks>
public interface IServerStore
{
    Task<ServerState?> GetAsync(string serverId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the row, conditional on its sequence <see cref="ServerState.Batches"/> (bumped by every applied batch): a
    /// stored row with more batches is kept, so a row planned from an older read (a sweep racing ingest) is harmless.
    /// </summary>
    Task UpsertAsync(ServerState server, CancellationToken cancellationToken = default);

    /// <summary>Every server of one tenant, ordered by server id (one partition).</summary>
    Task<IReadOnlyList<ServerState>> ListByTenantAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>The servers of one tenant that match <paramref name="filter"/>, ordered by server id (one partition, filtered in the query).</summary>
    Task<IReadOnlyList<ServerState>> ListByTenantAsync(string tenantId, ServerFilter filter, CancellationToken cancellationToken = default);

    /// <summary>Every tenant that has at least one server, ordered.</summary>
    Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken = default);
}
