using CloudStatus.Core.Model;
using CloudStatus.Edge.Heap;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Tests.Support;

internal static class Writes
{
    public static HeapWrite Online(string id, string kind = ProducerKind.Device, string? parent = null, string? state = null) =>
        new(id, kind, parent, Health.Online, state, null);

    public static HeapWrite Tombstone(string id, string kind = ProducerKind.Device, string? parent = null) =>
        new(id, kind, parent, Health.Online, null, null, Deleted: true, Event: "delete");

    public static async Task<(StatusHeap Heap, SqliteHeapMirror Mirror)> OpenHeapAsync(
        string directory, TimeProvider time, TimeSpan? retention = null)
    {
        var mirror = await SqliteHeapMirror.OpenAsync(directory);
        var heap = await StatusHeap.OpenAsync(
            mirror, new HeapOptions { TombstoneRetention = retention ?? TimeSpan.FromMinutes(10) }, time, NullLogger.Instance);
        return (heap, mirror);
    }
}
