using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace CloudStatus.Functions.Storage.Cosmos;

/// <summary>
/// The central store on Cosmos DB: the database's containers and the one request path every adapter uses. It uses
/// the stream APIs (no exceptions for 404/409/412, the store's own JSON), records the request charge of every
/// response, and turns what is worth retrying (408, 410, 429 after the SDK's own retries, 449, 503, transport
/// errors and timeouts) into <see cref="TransientStoreException"/>; other failures throw <see cref="CosmosException"/>.
/// Reads (point reads, query pages) try again on those first (<see cref="CosmosStoreOptions.TransientReadRetries"/>);
/// writes are retried by their callers, which know what a write already done means.
/// Queries always name their partition key (the emulator refuses cross-partition queries, and they cost more).
/// </summary>
internal sealed class CosmosCentralDatabase
{
    private readonly Database _database;
    private readonly CosmosMetrics _metrics;
    private readonly Dictionary<string, Container> _containers;
    private readonly ResiliencePipeline<ResponseMessage> _readRetry;

    public CosmosCentralDatabase(CosmosClient client, IOptions<CosmosStoreOptions> options, CosmosMetrics metrics, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        Options = options.Value;
        _database = client.GetDatabase(Options.Database);
        _metrics = metrics;
        _containers = CosmosContainers.All.ToDictionary(c => c.Id, c => _database.GetContainer(c.Id), StringComparer.Ordinal);
        _readRetry = Options.TransientReadRetries == 0
            ? ResiliencePipeline<ResponseMessage>.Empty
            : new ResiliencePipelineBuilder<ResponseMessage> { TimeProvider = time ?? TimeProvider.System }
                .AddRetry(new RetryStrategyOptions<ResponseMessage>
                {
                    ShouldHandle = new PredicateBuilder<ResponseMessage>().Handle<TransientStoreException>().HandleResult(r => IsTransient(r.StatusCode)),
                    MaxRetryAttempts = Options.TransientReadRetries,
                    Delay = TimeSpan.FromMilliseconds(10),
                    MaxDelay = Options.TransientReadMaxDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                })
                .Build();
    }

    public CosmosStoreOptions Options { get; }

    /// <summary>Creates the database and any missing container with its partition key and indexing policy (emulators, throwaway accounts).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        try
        {
            var database = await _database.Client.CreateDatabaseIfNotExistsAsync(Options.Database, cancellationToken: cancellationToken).ConfigureAwait(false);
            _metrics.RequestCharged("database", "createDatabase", database.RequestCharge);
            foreach (var properties in CosmosContainers.All)
            {
                var container = await database.Database.CreateContainerIfNotExistsAsync(properties, cancellationToken: cancellationToken).ConfigureAwait(false);
                _metrics.RequestCharged(properties.Id, "createContainer", container.RequestCharge);
            }
        }
        catch (CosmosException ex) when (IsTransient(ex.StatusCode))
        {
            throw new TransientStoreException($"Creating the Cosmos DB containers failed: {(int)ex.StatusCode} {ex.StatusCode}.", ex);
        }
    }

    /// <summary>Reads every container once, failing with a clear message for the first one that is missing or not allowed.</summary>
    public async Task VerifyAsync(CancellationToken cancellationToken)
    {
        foreach (var properties in CosmosContainers.All)
        {
            using var response = await SendAsync(properties.Id, "readContainer", () => _containers[properties.Id].ReadContainerStreamAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"Cosmos DB container '{properties.Id}' of database '{Options.Database}' at {Options.AccountEndpoint} is not usable: {(int)response.StatusCode} {response.StatusCode}. "
                    + $"Create it with the Bicep templates (partition key {properties.PartitionKeyPath}), grant the app's identity the Cosmos DB Built-in Data Contributor role, "
                    + $"or set {CosmosStoreOptions.SectionName}:CreateIfNotExists=true for an emulator. {response.ErrorMessage}");
            }
        }
    }

    /// <summary>A point read; null when the item does not exist.</summary>
    public async Task<CosmosDocument?> ReadAsync(string container, string id, string partitionKey, CancellationToken cancellationToken)
    {
        using var response = await ReadWithRetriesAsync(container, "read", () => _containers[container].ReadItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        EnsureSuccess(response, container, "read");
        using var document = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new CosmosDocument(document.RootElement.Clone(), response.Headers.ETag);
    }

    /// <summary>Creates the item; <see cref="WriteStatus.Conflict"/> when one with its id exists in that partition.</summary>
    public Task<WriteResult> CreateAsync(string container, string partitionKey, JsonObject document, CancellationToken cancellationToken) =>
        WriteAsync(container, "create", stream => _containers[container].CreateItemStreamAsync(stream, new PartitionKey(partitionKey), NoContent(null), cancellationToken), document, cancellationToken);

    /// <summary>Replaces the item, only if its ETag is still <paramref name="ifMatch"/> when given.</summary>
    public Task<WriteResult> ReplaceAsync(string container, string id, string partitionKey, JsonObject document, string? ifMatch, CancellationToken cancellationToken) =>
        WriteAsync(container, "replace", stream => _containers[container].ReplaceItemStreamAsync(stream, id, new PartitionKey(partitionKey), NoContent(ifMatch), cancellationToken), document, cancellationToken);

    public async Task UpsertAsync(string container, string partitionKey, JsonObject document, CancellationToken cancellationToken)
    {
        var result = await WriteAsync(container, "upsert", stream => _containers[container].UpsertItemStreamAsync(stream, new PartitionKey(partitionKey), NoContent(null), cancellationToken), document, cancellationToken).ConfigureAwait(false);
        if (result.Status != WriteStatus.Done)
        {
            throw new InvalidOperationException($"Cosmos DB upsert on '{container}' answered {result.Status}.");
        }
    }

    /// <summary>Deletes the item (only if its ETag is <paramref name="ifMatch"/> when given); false when it was not there or had changed.</summary>
    public async Task<bool> DeleteAsync(string container, string id, string partitionKey, string? ifMatch, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(container, "delete", () => _containers[container].DeleteItemStreamAsync(id, new PartitionKey(partitionKey), NoContent(ifMatch), cancellationToken), cancellationToken).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.PreconditionFailed)
        {
            return false;
        }

        EnsureSuccess(response, container, "delete");
        return true;
    }

    /// <summary>
    /// Runs a query inside one logical partition. With <paramref name="top"/> (a <c>SELECT TOP</c> keyset page, possibly
    /// ordered) it is executed directly on that partition and read until <paramref name="top"/> items; without, every
    /// page is read (unordered: callers sort).
    /// </summary>
    public async Task<IReadOnlyList<CosmosDocument>> QueryAsync(
        string container, string partitionKey, QueryDefinition query, int? top, CancellationToken cancellationToken)
    {
        var options = new QueryRequestOptions
        {
            PartitionKey = new PartitionKey(partitionKey),
            MaxItemCount = top ?? 1000,
            EnableOptimisticDirectExecution = top is not null,
        };
        return await ReadPagesAsync(container, query, options, top, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a query over every partition of a container and reads every page (unordered: callers sort).</summary>
    public async Task<IReadOnlyList<CosmosDocument>> QueryAllPartitionsAsync(string container, QueryDefinition query, CancellationToken cancellationToken)
    {
        return await ReadPagesAsync(container, query, new QueryRequestOptions { MaxItemCount = 1000 }, top: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a query's pages until <paramref name="top"/> items or the last page. Each page is asked for by a new
    /// iterator from the previous page's continuation, so a page that failed transiently can be asked for again.
    /// </summary>
    private async Task<IReadOnlyList<CosmosDocument>> ReadPagesAsync(
        string container, QueryDefinition query, QueryRequestOptions options, int? top, CancellationToken cancellationToken)
    {
        var results = new List<CosmosDocument>();
        string? continuation = null;
        do
        {
            using var response = await ReadWithRetriesAsync(container, "query", async () =>
            {
                using var iterator = _containers[container].GetItemQueryStreamIterator(query, continuation, options);
                return await iterator.ReadNextAsync(cancellationToken).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
            EnsureSuccess(response, container, "query");
            using var page = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var item in page.RootElement.GetProperty("Documents").EnumerateArray())
            {
                var etag = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("_etag", out var e) ? e.GetString() : null;
                results.Add(new CosmosDocument(item.Clone(), etag));
            }

            continuation = response.ContinuationToken;
        }
        while (continuation is not null && (top is null || results.Count < top));

        return results;
    }

    private async Task<ResponseMessage> ReadWithRetriesAsync(string container, string operation, Func<Task<ResponseMessage>> send, CancellationToken cancellationToken) =>
        await _readRetry.ExecuteAsync(
            async token => await SendAsync(container, operation, send, token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

    private static ItemRequestOptions NoContent(string? ifMatch) => new() { IfMatchEtag = ifMatch, EnableContentResponseOnWrite = false };

    private static bool IsTransient(HttpStatusCode status) => (int)status is 408 or 410 or 429 or 449 or 503;

    private static TransientStoreException Transient(CosmosException ex, string container, string operation) =>
        new($"Cosmos DB {operation} on '{container}' failed: {(int)ex.StatusCode} {ex.StatusCode}.", ex, ex.RetryAfter);

    private static void EnsureSuccess(ResponseMessage response, string container, string operation)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        try
        {
            response.EnsureSuccessStatusCode();
        }
        catch (CosmosException ex) when (IsTransient(ex.StatusCode))
        {
            throw Transient(ex, container, operation);
        }
    }

    private async Task<WriteResult> WriteAsync(
        string container, string operation, Func<Stream, Task<ResponseMessage>> send, JsonObject document, CancellationToken cancellationToken)
    {
        using var stream = CosmosJson.ToStream(document);
        using var response = await SendAsync(container, operation, () => send(stream), cancellationToken).ConfigureAwait(false);
        var status = response.StatusCode switch
        {
            HttpStatusCode.Conflict => WriteStatus.Conflict,
            HttpStatusCode.PreconditionFailed => WriteStatus.PreconditionFailed,
            HttpStatusCode.NotFound => WriteStatus.NotFound,
            _ => WriteStatus.Done,
        };
        if (status == WriteStatus.Done)
        {
            EnsureSuccess(response, container, operation);
        }

        return new WriteResult(status, response.Headers.ETag);
    }

    private async Task<ResponseMessage> SendAsync(string container, string operation, Func<Task<ResponseMessage>> send, CancellationToken cancellationToken)
    {
        try
        {
            var response = await send().ConfigureAwait(false);
            _metrics.RequestCharged(container, operation, response.Headers.RequestCharge);
            return response;
        }
        catch (CosmosException ex)
        {
            _metrics.RequestCharged(container, operation, ex.RequestCharge);
            if (IsTransient(ex.StatusCode))
            {
                throw Transient(ex, container, operation);
            }

            throw;
        }
        catch (HttpRequestException ex)
        {
            throw new TransientStoreException($"Cosmos DB {operation} on '{container}' could not reach the service: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransientStoreException($"Cosmos DB {operation} on '{container}' timed out.", ex);
        }
    }
}

/// <summary>One item as stored, with its ETag (null for projections without <c>_etag</c>).</summary>
internal readonly record struct CosmosDocument(JsonElement Body, string? ETag);

internal enum WriteStatus
{
    Done,
    Conflict,
    PreconditionFailed,
    NotFound,
}

internal readonly record struct WriteResult(WriteStatus Status, string? ETag);
