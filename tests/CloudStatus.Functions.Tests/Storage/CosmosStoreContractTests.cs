using CloudStatus.Testing.Emulators;

namespace CloudStatus.Functions.Tests.Storage;

/// <summary>The store contract on the Cosmos DB adapters, against the real Cosmos DB API server (a database of its own per test).</summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosStoreContractTests(CosmosDbServer server) : CentralStoreContractTests
{
    private CosmosTestDatabase? _database;

    public override async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private protected override async Task<StoreSet> CreateStoresAsync()
    {
        _database = new CosmosTestDatabase(server);
        await _database.Database.EnsureCreatedAsync(CancellationToken.None);
        return _database.Stores();
    }
}
