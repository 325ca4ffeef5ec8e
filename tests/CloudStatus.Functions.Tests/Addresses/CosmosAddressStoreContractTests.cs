using CloudStatus.Functions.Storage.Cosmos;
using CloudStatus.Functions.Tests.Storage;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Functions.Tests.Addresses;

/// <summary>
/// The address journal's contract on Cosmos DB, against the Cosmos DB API server (a database per test; a restart is
/// a new client). That server applies a batch's operations until one fails and does not roll back, so this suite
/// shows the version check refuses a stale batch before any write (its first operation), not that Azure rolls back.
/// </summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosAddressStoreContractTests(CosmosDbServer server) : AddressStoreContractTests
{
    private readonly List<CosmosTestDatabase> _databases = [];
    private string? _name;

    protected override int RaceSeeds => 12;

    public override async Task DisposeAsync()
    {
        // The first client owns the database; deleting it once is enough.
        foreach (var database in _databases.Take(1))
        {
            await database.DisposeAsync();
        }

        foreach (var database in _databases.Skip(1))
        {
            database.Client.Dispose();
        }
    }

    private protected override async Task<AddressStores> OpenAsync()
    {
        var database = new CosmosTestDatabase(server, _name);
        _name ??= database.Options.Database;
        _databases.Add(database);
        await database.Database.EnsureCreatedAsync(CancellationToken.None);
        return new AddressStores(
            new CosmosAddressStore(database.Database),
            new CosmosEventStore(database.Database),
            new CosmosServerStore(database.Database, database.Lookups, NullLogger<CosmosServerStore>.Instance));
    }
}
