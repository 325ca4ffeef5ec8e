using CloudStatus.Core.Wire;

namespace CloudStatus.Edge.Heap;

/// <summary>The heap's counters read together, so a heartbeat's digest matches its sequence numbers.</summary>
internal sealed record HeapState(string Epoch, long LastSent, long MaxSeq, HeapDigest Digest);
