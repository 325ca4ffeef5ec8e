using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Heap;

/// <summary>
/// A consistent cut of the heap for the upstream pump: <see cref="Records"/> are the current records with a sequence
/// in the requested range up to <see cref="MaxSeq"/>, in sequence order.
/// </summary>
internal sealed record HeapPending(string Epoch, long LastSent, long MaxSeq, IReadOnlyList<StatusRecord> Records);
