using CloudStatus.Core.Model;

namespace CloudStatus.Edge.Heap;

/// <summary>
/// What the local management service asks the heap to store for one producer; the heap adds the sequence number
/// and the local timestamp. <see cref="Event"/> names the async rule that wrote it (null for a periodic write).
/// </summary>
internal readonly record struct HeapWrite(
    string ProducerId,
    string Kind,
    string? ParentId,
    Health Health,
    string? State,
    string? Config,
    bool Deleted = false,
    bool Silent = false,
    bool Flapping = false,
    string? Event = null);
