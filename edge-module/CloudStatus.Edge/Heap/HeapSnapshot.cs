using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Heap;

/// <summary>Everything a heap mirror holds: the epoch, the highest sequence issued, the last acknowledged one, and the records (tombstones included).</summary>
public sealed record HeapSnapshot(string Epoch, long LastSeq, long LastSent, IReadOnlyList<StatusRecord> Records);
