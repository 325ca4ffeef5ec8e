using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Heap;

/// <summary>
/// The durable copy of one server's heap (E2): SQLite embedded, Table storage next. The heap calls it from a single
/// writer and always before it changes memory, so whatever a mirror holds is a state the heap really had. Public so a
/// composer can give <see cref="Hosting.EdgePipeline"/> its own (the benchmark's keeps nothing and counts).
/// </summary>
public interface IHeapMirror : IAsyncDisposable
{
    /// <summary>The stored heap, or null when nothing was stored yet (the heap then starts a new epoch).</summary>
    Task<HeapSnapshot?> LoadAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets everything and starts <paramref name="epoch"/> with sequence 0 and lastSent 0.</summary>
    Task StartEpochAsync(string epoch, CancellationToken cancellationToken = default);

    /// <summary>Upserts <paramref name="records"/> and stores <paramref name="lastSeq"/> in one transaction.</summary>
    Task PersistAsync(IReadOnlyList<StatusRecord> records, long lastSeq, CancellationToken cancellationToken = default);

    Task PersistLastSentAsync(long lastSent, CancellationToken cancellationToken = default);

    /// <summary>A cheap read that throws when the mirror does not answer (the readiness check).</summary>
    Task ProbeAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the rows of purged tombstones.</summary>
    Task PurgeAsync(IReadOnlyList<string> producerIds, CancellationToken cancellationToken = default);
}
