using CloudStatus.Functions.Storage.Sqlite;
using CloudStatus.Functions.Tests.Support;
using CloudStatus.Testing.Emulators;

namespace CloudStatus.Functions.Tests.Storage;

/// <summary>The store contract on the embedded SQLite adapter (a WAL file of its own per test).</summary>
public sealed class SqliteStoreContractTests : CentralStoreContractTests
{
    private readonly TempDirectory _directory = new("functions");
    private SqliteCentralDatabase? _database;

    public override async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _directory.Dispose();
    }

    private protected override Task<StoreSet> CreateStoresAsync()
    {
        _database = SqliteCentralDatabase.ForFile(_directory.Sub("central.db"));
        return Task.FromResult(new StoreSet(
            new SqliteServerStore(_database),
            new SqliteProducerStore(_database),
            new SqliteEventStore(_database),
            new SqliteCommandStore(_database),
            new SqliteViewStore(_database),
            new SqliteDeadLetterStore(_database),
            new SqliteLeaseStore(_database)));
    }

    [Fact]
    public async Task Schema_CreatedTwiceOnTheSameFile_IsIdempotent()
    {
        await using var again = SqliteCentralDatabase.ForFile(_directory.Sub("central.db"));
        await again.EnsureCreatedAsync(CancellationToken.None);
        await again.EnsureCreatedAsync(CancellationToken.None);
        await new SqliteServerStore(again).ListTenantsAsync();
    }

    [Fact]
    public async Task InMemoryDatabase_SharedCache_KeepsDataAcrossConnections()
    {
        await using var memory = SqliteCentralDatabase.ForMemory("contract-" + Guid.NewGuid().ToString("N"));
        var servers = new SqliteServerStore(memory);
        await servers.UpsertAsync(new Core.Central.ServerState
        {
            ServerId = "srv-m", TenantId = "t", SiteId = "s", Epoch = "e", RegisteredAt = DateTimeOffset.UnixEpoch,
        });

        Assert.NotNull(await servers.GetAsync("srv-m"));
    }
}
