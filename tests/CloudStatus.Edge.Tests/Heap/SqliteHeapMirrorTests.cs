using CloudStatus.Edge.Heap;
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
}
