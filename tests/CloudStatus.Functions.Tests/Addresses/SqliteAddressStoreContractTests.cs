using CloudStatus.Functions.Storage.Sqlite;
using CloudStatus.Testing.Emulators;

namespace CloudStatus.Functions.Tests.Addresses;

/// <summary>The address journal's contract on the embedded SQLite store (a WAL file per test; a restart opens it anew).</summary>
public sealed class SqliteAddressStoreContractTests : AddressStoreContractTests
{
    private readonly TempDirectory _directory = new("addresses");
    private readonly List<SqliteCentralDatabase> _databases = [];

    protected override int RaceSeeds => 40;

    public override async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        _directory.Dispose();
    }

    private protected override Task<AddressStores> OpenAsync()
    {
        var database = SqliteCentralDatabase.ForFile(_directory.Sub("central.db"));
        _databases.Add(database);
        return Task.FromResult(new AddressStores(new SqliteAddressStore(database), new SqliteEventStore(database), new SqliteServerStore(database)));
    }
}
