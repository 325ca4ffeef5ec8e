using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Storage.Sqlite;
using CloudStatus.Functions.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Functions.Tests.Dispatch;

/// <summary>The contract over the SQLite outbox: a database file of its own, a fake clock for the visibility timeout.</summary>
public sealed class SqliteDispatchOutboxTests : DispatchQueueContractTests, IAsyncLifetime
{
    private readonly TempDirectory _directory = new("functions");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<SqliteCentralDatabase> _databases = [];

    private protected override TimeSpan VisibilityTimeout => TimeSpan.FromMinutes(2);

    private protected override bool KeepsPoisonReason => true;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private protected override Task<IDispatchQueue> OpenAsync()
    {
        var database = SqliteCentralDatabase.ForFile(Path.Combine(_directory.Path, "central.db"));
        _databases.Add(database);
        return Task.FromResult<IDispatchQueue>(new SqliteDispatchOutbox(database, _time, new DispatchSignal()));
    }

    private protected override Task PassVisibilityTimeoutAsync()
    {
        _time.Advance(VisibilityTimeout + TimeSpan.FromSeconds(1));
        return Task.CompletedTask;
    }
}
