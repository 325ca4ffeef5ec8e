using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Storage.Sqlite;
using CloudStatus.Functions.Tests.Storage;
using CloudStatus.Testing.Emulators;

namespace CloudStatus.Functions.Tests.Ownership;

/// <summary>The single-owner property on the embedded SQLite lease store.</summary>
public sealed class SqliteSingleOwnerPropertyTests : SingleOwnerStoreProperty
{
    private readonly TempDirectory _directory = new("functions");
    private SqliteCentralDatabase? _database;

    private protected override ILeaseStore Leases => new SqliteLeaseStore(_database!);

    private protected override int Schedules => 60;

    public override async Task InitializeAsync()
    {
        _database = SqliteCentralDatabase.ForFile(_directory.Sub("central.db"));
        await _database.EnsureCreatedAsync(CancellationToken.None);
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _directory.Dispose();
    }
}

/// <summary>The single-owner property on the Cosmos DB lease store (the Cosmos DB API server).</summary>
[Collection(CosmosCollection.Name)]
public sealed class CosmosSingleOwnerPropertyTests(CosmosDbServer server) : SingleOwnerStoreProperty
{
    private CosmosTestDatabase? _database;

    private protected override ILeaseStore Leases => _database!.Stores().Leases;

    private protected override int Schedules => 12;

    public override async Task InitializeAsync()
    {
        _database = new CosmosTestDatabase(server);
        await _database.Database.EnsureCreatedAsync(CancellationToken.None);
    }

    public override async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
