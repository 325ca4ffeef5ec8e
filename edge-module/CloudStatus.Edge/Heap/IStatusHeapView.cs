using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Heap;

/// <summary>A read-only look at a server's heap (for the dev stack, diagnostics and tests).</summary>
public interface IStatusHeapView
{
    string Epoch { get; }

    /// <summary>Highest sequence issued in this epoch.</summary>
    long MaxSeq { get; }

    /// <summary>Every record with seq ≤ this value was acknowledged by the hub.</summary>
    long LastSent { get; }

    /// <summary>Live (non-deleted) records.</summary>
    int LiveCount { get; }

    HeapDigest Digest { get; }

    /// <summary>The record of a producer, tombstone included; null when unknown or purged.</summary>
    StatusRecord? Get(string producerId);

    /// <summary>A copy of every record (tombstones included), in sequence order.</summary>
    IReadOnlyList<StatusRecord> Records();
}
