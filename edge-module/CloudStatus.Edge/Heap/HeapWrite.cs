using CloudStatus.Core.Model;

namespace CloudStatus.Edge.Heap;

/// <summary>
/// What the local management service asks the heap to store for one producer; the heap adds the sequence number
/// and the local timestamp. <see cref="Event"/> names the async rule that wrote it (null for a periodic write);
/// <see cref="Mac"/> and <see cref="Ip"/> are the producer's network identity when known. <see cref="State"/> is UTF-8:
/// the buffer's bytes, which the heap keeps as they are.
/// </summary>
internal readonly record struct HeapWrite(
    string ProducerId,
    string Kind,
    string? ParentId,
    Health Health,
    Utf8Text State,
    string? Config,
    bool Deleted = false,
    bool Silent = false,
    bool Flapping = false,
    string? Event = null,
    string? Mac = null,
    string? Ip = null);
