using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// The small index documents in container <c>lookups</c> (partition key = id), each changed by read-modify-replace
/// on its ETag (retried on 409/412): server → tenant, producer → servers, the tenant list and the dead-letter days.
/// What this process already wrote or read is cached: server tenants and list entries only ever get added here.
/// </summary>
internal sealed class CosmosLookups(CosmosCentralDatabase database)
{
    public const string TenantsId = "tenants";
    public const string DeadLetterDaysId = "deadletter-days";
    private const int MaxAttempts = 10;

    private readonly ConcurrentDictionary<string, string> _serverTenants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _listed = new(StringComparer.Ordinal);

    /// <summary>The tenant whose partition holds <paramref name="serverId"/>'s row, or null for an unknown server.</summary>
    public async Task<string?> FindServerTenantAsync(string serverId, bool refresh, CancellationToken cancellationToken)
    {
        if (!refresh && _serverTenants.TryGetValue(serverId, out var cached))
        {
            return cached;
        }

        var lookup = await ReadAsync(ServerId(serverId), CosmosJsonContext.Default.ServerLookup, cancellationToken).ConfigureAwait(false);
        if (lookup is null)
        {
            _serverTenants.TryRemove(serverId, out _);
            return null;
        }

        _serverTenants[serverId] = lookup.Value.Value.TenantId;
        return lookup.Value.Value.TenantId;
    }

    /// <summary>Records that <paramref name="serverId"/> lives in <paramref name="tenantId"/>; returns the tenant it lived in before, if another.</summary>
    public async Task<string?> SetServerTenantAsync(string serverId, string tenantId, CancellationToken cancellationToken)
    {
        if (_serverTenants.TryGetValue(serverId, out var cached) && string.Equals(cached, tenantId, StringComparison.Ordinal))
        {
            return null;
        }

        string? previous = null;
        await UpdateAsync(
            ServerId(serverId),
            CosmosJsonContext.Default.ServerLookup,
            current =>
            {
                previous = current is { } c && !string.Equals(c.TenantId, tenantId, StringComparison.Ordinal) ? c.TenantId : null;
                return current is { } same && string.Equals(same.TenantId, tenantId, StringComparison.Ordinal) ? null : new ServerLookup(serverId, tenantId);
            },
            cancellationToken).ConfigureAwait(false);
        _serverTenants[serverId] = tenantId;
        return previous;
    }

    /// <summary>The names of a list document (<see cref="TenantsId"/>, <see cref="DeadLetterDaysId"/>), ordinal order.</summary>
    public async Task<IReadOnlyList<string>> GetListAsync(string listId, CancellationToken cancellationToken)
    {
        var list = await ReadAsync(listId, CosmosJsonContext.Default.NameList, cancellationToken).ConfigureAwait(false);
        return list?.Value.Names ?? [];
    }

    /// <summary>Adds <paramref name="name"/> to a list document (once; cached afterwards).</summary>
    public async Task AddToListAsync(string listId, string name, CancellationToken cancellationToken)
    {
        var key = listId + "|" + name;
        if (_listed.ContainsKey(key))
        {
            return;
        }

        await UpdateAsync(
            listId,
            CosmosJsonContext.Default.NameList,
            current => current is { } c && c.Names.Contains(name, StringComparer.Ordinal)
                ? null
                : new NameList([.. (current?.Names ?? []).Append(name).Order(StringComparer.Ordinal)]),
            cancellationToken).ConfigureAwait(false);
        _listed[key] = 0;
    }

    /// <summary>Every server holding <paramref name="producerId"/> (live or tombstone).</summary>
    public async Task<IReadOnlyList<ProducerLocation>> GetProducerLocationsAsync(string producerId, CancellationToken cancellationToken)
    {
        var lookup = await ReadAsync(ProducerId(producerId), CosmosJsonContext.Default.ProducerLookup, cancellationToken).ConfigureAwait(false);
        return lookup?.Value.Servers ?? [];
    }

    /// <summary>Notes that <paramref name="serverId"/> holds <paramref name="producerId"/>, live or deleted, since <paramref name="since"/>.</summary>
    public Task SetProducerLocationAsync(string producerId, string serverId, bool deleted, DateTimeOffset since, CancellationToken cancellationToken) =>
        UpdateAsync(
            ProducerId(producerId),
            CosmosJsonContext.Default.ProducerLookup,
            current =>
            {
                var servers = current?.Servers ?? [];
                if (servers.Any(s => s.ServerId == serverId && s.Deleted == deleted))
                {
                    return null;
                }

                return new ProducerLookup(producerId, [.. servers.Where(s => s.ServerId != serverId), new ProducerLocation(serverId, deleted, CosmosJson.Ticks(since))]);
            },
            cancellationToken);

    /// <summary>Forgets that <paramref name="serverId"/> holds <paramref name="producerId"/> (its record was purged).</summary>
    public Task RemoveProducerLocationAsync(string producerId, string serverId, CancellationToken cancellationToken) =>
        UpdateAsync(
            ProducerId(producerId),
            CosmosJsonContext.Default.ProducerLookup,
            current => current is not null && current.Servers.Any(s => s.ServerId == serverId)
                ? new ProducerLookup(producerId, [.. current.Servers.Where(s => s.ServerId != serverId)])
                : null,
            cancellationToken);

    private static string ServerId(string serverId) => "server|" + serverId;

    private static string ProducerId(string producerId) => "producer|" + producerId;

    private async Task<(T Value, string? ETag)?> ReadAsync<T>(string id, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var document = await database.ReadAsync(CosmosContainers.Lookups, id, id, cancellationToken).ConfigureAwait(false);
        return document is { } d ? (CosmosJson.Read(d.Body, typeInfo), d.ETag) : null;
    }

    /// <summary>Read, change (null = nothing to write), then create or replace on the ETag read; again on a concurrent change.</summary>
    private async Task UpdateAsync<T>(string id, JsonTypeInfo<T> typeInfo, Func<T?, T?> change, CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await ReadAsync(id, typeInfo, cancellationToken).ConfigureAwait(false);
            var next = change(current?.Value);
            if (next is null)
            {
                return;
            }

            var document = CosmosJson.ToObject(next, typeInfo);
            document["id"] = id;
            var result = current is { } c
                ? await database.ReplaceAsync(CosmosContainers.Lookups, id, id, document, c.ETag, cancellationToken).ConfigureAwait(false)
                : await database.CreateAsync(CosmosContainers.Lookups, id, document, cancellationToken).ConfigureAwait(false);
            if (result.Status == WriteStatus.Done)
            {
                return;
            }
        }

        throw new TransientStoreException($"Lookup '{id}' kept changing under {MaxAttempts} attempts to update it.");
    }
}
