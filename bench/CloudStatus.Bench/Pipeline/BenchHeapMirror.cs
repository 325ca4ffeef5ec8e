using CloudStatus.Core.Wire;
using CloudStatus.Edge.Heap;

namespace CloudStatus.Bench.Pipeline;

/// <summary>
/// A heap mirror that keeps nothing and only counts: the benchmarks compare what goes over the wire and into central,
/// and measure the in-memory pipeline, not the durable mirror's disk I/O. It starts every heap in a fixed epoch named
/// by the caller (instead of a random one) so that runs with the same seed produce byte-identical batches.
/// </summary>
internal sealed class BenchHeapMirror(string epoch) : IHeapMirror
{
    public long Persists { get; private set; }

    public long RecordsPersisted { get; private set; }

    public Task<HeapSnapshot?> LoadAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<HeapSnapshot?>(new HeapSnapshot(epoch, 0, 0, []));

    public Task StartEpochAsync(string epoch, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task PersistAsync(IReadOnlyList<StatusRecord> records, long lastSeq, CancellationToken cancellationToken = default)
    {
        Persists++;
        RecordsPersisted += records.Count;
        return Task.CompletedTask;
    }

    public Task PersistLastSentAsync(long lastSent, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task PurgeAsync(IReadOnlyList<string> producerIds, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task ProbeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
