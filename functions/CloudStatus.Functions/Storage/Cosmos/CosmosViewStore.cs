using CloudStatus.Core.Wire;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// Views in <c>views</c> (partition = tenant): the tenant view (id <c>tenant-view</c>, replaced by each build) and
/// one document per server with the latest entry of each switch (id <c>connectivity|{serverId}</c>), merged by
/// read-modify-replace on its ETag. Reading a server's entries finds its tenant through <c>lookups</c>.
/// </summary>
internal sealed class CosmosViewStore(CosmosCentralDatabase database, CosmosLookups lookups) : IViewStore
{
    public const string TenantViewId = "tenant-view";
    private const int MaxAttempts = 10;

    public async Task UpsertConnectivityAsync(string tenantId, string serverId, IReadOnlyCollection<ConnectivityEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        await lookups.SetServerTenantAsync(serverId, tenantId, cancellationToken).ConfigureAwait(false);
        var id = ConnectivityId(serverId);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var stored = await database.ReadAsync(CosmosContainers.Views, id, tenantId, cancellationToken).ConfigureAwait(false);
            var merged = new SortedDictionary<string, ConnectivityEntry>(StringComparer.Ordinal);
            if (stored is { } s)
            {
                foreach (var entry in CosmosJson.Read(s.Body, CosmosJsonContext.Default.ConnectivityDocument).Entries)
                {
                    merged[entry.SwitchId] = entry;
                }
            }

            foreach (var entry in entries)
            {
                merged[entry.SwitchId] = entry;
            }

            var document = CosmosJson.ToObject(new ConnectivityDocument(tenantId, serverId, [.. merged.Values]), CosmosJsonContext.Default.ConnectivityDocument);
            document["id"] = id;
            var result = stored is { } current
                ? await database.ReplaceAsync(CosmosContainers.Views, id, tenantId, document, current.ETag, cancellationToken).ConfigureAwait(false)
                : await database.CreateAsync(CosmosContainers.Views, tenantId, document, cancellationToken).ConfigureAwait(false);
            if (result.Status == WriteStatus.Done)
            {
                return;
            }
        }

        throw new TransientStoreException($"The connectivity of server '{serverId}' kept changing under {MaxAttempts} attempts to write it.");
    }

    public async Task<IReadOnlyList<ConnectivityEntry>> GetConnectivityAsync(string serverId, CancellationToken cancellationToken = default)
    {
        var tenantId = await lookups.FindServerTenantAsync(serverId, refresh: false, cancellationToken).ConfigureAwait(false);
        if (tenantId is null)
        {
            return [];
        }

        var document = await database.ReadAsync(CosmosContainers.Views, ConnectivityId(serverId), tenantId, cancellationToken).ConfigureAwait(false);
        return document is { } d
            ? [.. CosmosJson.Read(d.Body, CosmosJsonContext.Default.ConnectivityDocument).Entries.OrderBy(e => e.SwitchId, StringComparer.Ordinal)]
            : [];
    }

    public Task PutTenantViewAsync(TenantView view, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        var document = CosmosJson.ToObject(view, StoreJsonContext.Default.TenantView);
        document["id"] = TenantViewId;
        return database.UpsertAsync(CosmosContainers.Views, view.TenantId, document, cancellationToken);
    }

    public async Task<TenantView?> GetTenantViewAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var document = await database.ReadAsync(CosmosContainers.Views, TenantViewId, tenantId, cancellationToken).ConfigureAwait(false);
        return document is { } d ? CosmosJson.Read(d.Body, StoreJsonContext.Default.TenantView) : null;
    }

    private static string ConnectivityId(string serverId) => "connectivity|" + serverId;
}
