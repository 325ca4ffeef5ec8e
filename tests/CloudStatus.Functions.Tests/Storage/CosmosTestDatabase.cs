using System.Diagnostics.Metrics;
using CloudStatus.Functions.Storage.Cosmos;
using CloudStatus.Testing.Emulators;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Tests.Storage;

/// <summary>A fresh database of its own on the shared Cosmos DB API server, reached exactly as the app does (key, pinned emulator certificate).</summary>
internal sealed class CosmosTestDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _meters;

    /// <param name="databaseName">An existing test database to open again (a restarted process); null for a new one.</param>
    public CosmosTestDatabase(CosmosDbServer server, string? databaseName = null)
    {
        Options = new CosmosStoreOptions
        {
            AccountEndpoint = server.Endpoint.ToString(),
            Key = CosmosDbServer.Key,
            EmulatorCertificatePath = server.CertificatePath,
            Database = databaseName ?? "test-" + Guid.NewGuid().ToString("N"),
            CreateIfNotExists = true,
        };
        Assert.Empty(Options.Validate());
        _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        MeterFactory = _meters.GetRequiredService<IMeterFactory>();
        Client = CosmosClientFactory.Create(Options);
        Database = new CosmosCentralDatabase(Client, Microsoft.Extensions.Options.Options.Create(Options), new CosmosMetrics(MeterFactory));
        Lookups = new CosmosLookups(Database);
    }

    public CosmosStoreOptions Options { get; }
    public IMeterFactory MeterFactory { get; }
    public CosmosClient Client { get; }
    public CosmosCentralDatabase Database { get; }
    public CosmosLookups Lookups { get; }

    public StoreSet Stores() => new(
        new CosmosServerStore(Database, Lookups, NullLogger<CosmosServerStore>.Instance),
        new CosmosProducerStore(Database, Lookups, NullLogger<CosmosProducerStore>.Instance),
        new CosmosEventStore(Database),
        new CosmosCommandStore(Database),
        new CosmosViewStore(Database, Lookups),
        new CosmosDeadLetterStore(Database, Lookups),
        new CosmosLeaseStore(Database));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Client.GetDatabase(Options.Database).DeleteStreamAsync();
        }
        finally
        {
            Client.Dispose();
            await _meters.DisposeAsync();
        }
    }
}
