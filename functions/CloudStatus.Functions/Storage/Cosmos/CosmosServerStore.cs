using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CloudStatus.Core.Central;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// Server rows in <c>servers</c> (partition = tenant, id = server id); <c>lookups</c> maps server → tenant for the
/// point read and lists the tenants. A write is conditional on the row's sequence: <see cref="ServerState.Batches"/>
/// counts every batch ingest applied, so a row written from an older read (a sweep racing ingest, a redelivered
/// batch on another instance) never replaces a newer one. It replaces on the ETag it last saw (or creates), and on
/// 412/409 re-reads and decides again.
/// </summary>
internal sealed class CosmosServerStore(CosmosCentralDatabase database, CosmosLookups lookups, ILogger<CosmosServerStore> logger) : IServerStore
{
    private const int MaxAttempts = 10;

    /// <summary>The last version of each row this process read or wrote, to write without reading first.</summary>
    private readonly ConcurrentDictionary<string, Known> _known = new(StringComparer.Ordinal);

    public async Task<ServerState?> GetAsync(string serverId, CancellationToken cancellationToken = default)
    {
        var tenantId = await lookups.FindServerTenantAsync(serverId, refresh: false, cancellationToken).ConfigureAwait(false);
        if (tenantId is null)
        {
            return null;
        }

        var document = await database.ReadAsync(CosmosContainers.Servers, serverId, tenantId, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            // The server may have moved to another tenant since this process cached its lookup.
            var fresh = await lookups.FindServerTenantAsync(serverId, refresh: true, cancellationToken).ConfigureAwait(false);
            if (fresh is null || fresh == tenantId)
            {
                return null;
            }

            document = await database.ReadAsync(CosmosContainers.Servers, serverId, fresh, cancellationToken).ConfigureAwait(false);
            if (document is null)
            {
                return null;
            }
        }

        var server = CosmosJson.Read(document.Value.Body, StoreJsonContext.Default.ServerState);
        _known[serverId] = new Known(server.TenantId, document.Value.ETag, server.Batches);
        return server;
    }

    public async Task UpsertAsync(ServerState server, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        await lookups.AddToListAsync(CosmosLookups.TenantsId, server.TenantId, cancellationToken).ConfigureAwait(false);
        var previousTenant = await lookups.SetServerTenantAsync(server.ServerId, server.TenantId, cancellationToken).ConfigureAwait(false);

        var document = CosmosJson.ToObject(server, StoreJsonContext.Default.ServerState);
        document["id"] = server.ServerId;
        await WriteConditionallyAsync(server, document, cancellationToken).ConfigureAwait(false);

        if (previousTenant is not null)
        {
            await database.DeleteAsync(CosmosContainers.Servers, server.ServerId, previousTenant, ifMatch: null, cancellationToken).ConfigureAwait(false);
            Log.CosmosServerMoved(logger, server.ServerId, previousTenant, server.TenantId);
        }
    }

    public async Task<IReadOnlyList<ServerState>> ListByTenantAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var documents = await database.QueryAsync(
            CosmosContainers.Servers,
            tenantId,
            new QueryDefinition("SELECT * FROM c WHERE c.tenantId = @tenant").WithParameter("@tenant", tenantId),
            top: null,
            cancellationToken).ConfigureAwait(false);
        return [.. documents.Select(d => CosmosJson.Read(d.Body, StoreJsonContext.Default.ServerState)).OrderBy(s => s.ServerId, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<ServerState>> ListByTenantAsync(string tenantId, ServerFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var sql = "SELECT * FROM c WHERE c.tenantId = @tenant";
        if (filter.SiteId is not null)
        {
            sql += " AND c.siteId = @site";
        }

        if (filter.Online is not null)
        {
            sql += " AND c.online = @online";
        }

        var query = new QueryDefinition(sql).WithParameter("@tenant", tenantId);
        query = filter.SiteId is { } site ? query.WithParameter("@site", site) : query;
        query = filter.Online is { } online ? query.WithParameter("@online", online) : query;
        var documents = await database.QueryAsync(CosmosContainers.Servers, tenantId, query, top: null, cancellationToken).ConfigureAwait(false);
        return [.. documents.Select(d => CosmosJson.Read(d.Body, StoreJsonContext.Default.ServerState)).OrderBy(s => s.ServerId, StringComparer.Ordinal)];
    }

    public Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken = default) =>
        lookups.GetListAsync(CosmosLookups.TenantsId, cancellationToken);

    private async Task WriteConditionallyAsync(ServerState server, JsonObject document, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var known = _known.TryGetValue(server.ServerId, out var k) && k.TenantId == server.TenantId ? k : await ReadKnownAsync(server, cancellationToken).ConfigureAwait(false);
            if (known.ETag is not null && known.Batches > server.Batches)
            {
                Log.CosmosOlderWriteSkipped(logger, "server", server.ServerId, server.Batches, known.Batches);
                return;
            }

            var result = known.ETag is null
                ? await database.CreateAsync(CosmosContainers.Servers, server.TenantId, document, cancellationToken).ConfigureAwait(false)
                : await database.ReplaceAsync(CosmosContainers.Servers, server.ServerId, server.TenantId, document, known.ETag, cancellationToken).ConfigureAwait(false);
            if (result.Status == WriteStatus.Done)
            {
                _known[server.ServerId] = new Known(server.TenantId, result.ETag, server.Batches);
                return;
            }

            _known.TryRemove(server.ServerId, out _); // someone else wrote it: read and decide again
        }

        throw new TransientStoreException($"Server row '{server.ServerId}' kept changing under {MaxAttempts} attempts to write it.");
    }

    private async Task<Known> ReadKnownAsync(ServerState server, CancellationToken cancellationToken)
    {
        var document = await database.ReadAsync(CosmosContainers.Servers, server.ServerId, server.TenantId, cancellationToken).ConfigureAwait(false);
        if (document is not { } d)
        {
            return new Known(server.TenantId, null, 0);
        }

        var batches = d.Body.TryGetProperty("batches", out var b) && b.TryGetInt64(out var n) ? n : 0;
        return new Known(server.TenantId, d.ETag, batches);
    }

    /// <summary>What this process last saw of a row: its partition, ETag (null = absent) and sequence.</summary>
    private readonly record struct Known(string TenantId, string? ETag, long Batches);
}
