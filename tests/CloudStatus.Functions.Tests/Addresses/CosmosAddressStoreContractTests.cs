using CloudStatus.Functions.Storage.Cosmos;
using CloudStatus.Functions.Tests.Storage;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Functions.Tests.Addresses;

/// <summary>
/// The address journal's contract on Cosmos DB, against the Cosmos DB API server (a database per test; a restart is
/// a new client), and a crash inside a commit: after any of its writes, the next reader finishes it.
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

    [Fact]
    public async Task Commit_CrashAfterAnyOfItsWrites_TheNextReaderFinishesIt()
    {
        var stores = await OpenAsync();
        var holder = Claim("t-roll-0", "srv-1", "sw-a", null, "10.1.0.9");
        var item = Claim("t-roll-0", "srv-2", "sw-b", null, "10.1.0.9", 2);
        string[] writes = ["ledger", "binding", "conflict", "dequeue", "clear"];
        for (var crashAfter = 0; crashAfter < writes.Length; crashAfter++)
        {
            var tenant = $"t-roll-{crashAfter}";
            var claim = item with { TenantId = tenant };
            await stores.Addresses.EnqueueAsync([claim]);
            var written = 0;
            var crashing = new CosmosAddressStore(Database(0).Database)
            {
                AfterWrite = _ =>
                {
                    if (written++ == crashAfter)
                    {
                        throw new SimulatedCrashException();
                    }
                },
            };
            var binding = new Core.Addresses.AddressBinding
            {
                TenantId = tenant, SiteId = "site-a", ServerId = "srv-1", ProducerId = "sw-a", Ip = "10.1.0.9", Network = "site-a/10.1.0.0/16", ItemId = holder.Id, Since = T0,
            };
            var conflict = new Core.Addresses.AddressConflict
            {
                Id = Core.Addresses.AddressConflict.IdFor(claim.Id), TenantId = tenant, SiteId = "site-a", Kind = Core.Addresses.ConflictKinds.Ip, Address = "10.1.0.9",
                Newcomer = new Core.Addresses.ProducerRef("srv-2", "sw-b"), Claim = claim, Reason = "held", DetectedAt = T0, Status = Core.Addresses.ConflictStatuses.Open,
            };

            await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.CommitAsync(new Functions.Storage.AddressCommit
            {
                TenantId = tenant, ExpectedVersion = null, Bindings = [binding], Conflicts = [conflict], Dequeue = [claim.Id],
            }));

            var restarted = await OpenAsync();
            var master = await restarted.Addresses.ReadMasterAsync(tenant);
            Assert.Empty(master.Journal);
            Assert.Equal([binding], master.Bindings);
            Assert.Equal([conflict], master.OpenConflicts);
            Assert.NotNull(await restarted.Addresses.CommitAsync(new Functions.Storage.AddressCommit { TenantId = tenant, ExpectedVersion = master.Version }));
        }
    }

    private CosmosTestDatabase Database(int index) => _databases[index];

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
