using CloudStatus.Core.Wire;

namespace CloudStatus.Functions.Storage;

/// <summary>Connectivity entries per server (latest per switch) and the built views per tenant.</summary>
/// <remarks>Public, with its documents, so a host can wrap the port (the benchmark counts the Cosmos operations each call stands for).</remarks>
public interface IViewStore
{
    /// <summary>Stores each switch's entry, replacing that switch's previous one (latest wins).</summary>
    Task UpsertConnectivityAsync(string tenantId, string serverId, IReadOnlyCollection<ConnectivityEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>The latest entry of every switch of one server, ordered by switch id.</summary>
    Task<IReadOnlyList<ConnectivityEntry>> GetConnectivityAsync(string serverId, CancellationToken cancellationToken = default);

    Task PutTenantViewAsync(TenantView view, CancellationToken cancellationToken = default);

    Task<TenantView?> GetTenantViewAsync(string tenantId, CancellationToken cancellationToken = default);
}
