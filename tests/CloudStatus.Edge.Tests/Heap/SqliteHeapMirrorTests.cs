using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Heap;
using Microsoft.Data.Sqlite;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;

namespace CloudStatus.Edge.Tests.Heap;

/// <summary>The heap mirror contract against a real SQLite file in a temp directory.</summary>
public sealed class SqliteHeapMirrorTests : HeapMirrorContractTests, IDisposable
{
    private readonly TempDirectory _dir = new("edge");

    public void Dispose() => _dir.Dispose();

    private protected override async Task<IHeapMirror> OpenAsync() => await SqliteHeapMirror.OpenAsync(_dir.Path);

    [Fact]
    public async Task OpenAsync_CreatesTheFileInTheDataDirectoryInWalMode()
    {
        await using var mirror = await SqliteHeapMirror.OpenAsync(_dir.Sub("node"));
        await mirror.StartEpochAsync("e");

        Assert.True(File.Exists(Path.Combine(_dir.Sub("node"), SqliteHeapMirror.FileName)));
        Assert.True(File.Exists(Path.Combine(_dir.Sub("node"), SqliteHeapMirror.FileName + "-wal")));
    }

    [Fact]
    public async Task OpenAsync_HeapFileFromBeforeMacAndIp_GetsTheColumnsAndKeepsThem()
    {
        var directory = _dir.Sub("old");
        Directory.CreateDirectory(directory);
        await using (var old = new SqliteConnection($"Data Source={Path.Combine(directory, SqliteHeapMirror.FileName)};Pooling=False"))
        {
            await old.OpenAsync();
            await using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE records (producer_id TEXT PRIMARY KEY, kind TEXT NOT NULL, parent_id TEXT NULL, seq INTEGER NOT NULL,
                    local_ticks INTEGER NOT NULL, health INTEGER NOT NULL, state TEXT NULL, config TEXT NULL, deleted INTEGER NOT NULL,
                    silent INTEGER NOT NULL, flapping INTEGER NOT NULL, event TEXT NULL);
                """;
            await create.ExecuteNonQueryAsync();
        }

        var record = new StatusRecord
        {
            ProducerId = "srv-01.sw-01", Kind = ProducerKind.Switch, Seq = 1, LocalTimestamp = DateTimeOffset.UnixEpoch,
            Mac = "02:00:5e:10:00:01", Ip = "10.0.1.1",
        };
        await using (var mirror = await SqliteHeapMirror.OpenAsync(directory))
        {
            await mirror.StartEpochAsync("e");
            await mirror.PersistAsync([record], lastSeq: 1);
        }

        await using var reopened = await SqliteHeapMirror.OpenAsync(directory);
        Assert.Equal([record], (await reopened.LoadAsync())!.Records);
    }
}
