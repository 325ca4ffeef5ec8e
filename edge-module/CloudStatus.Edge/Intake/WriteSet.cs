using CloudStatus.Edge.Heap;

namespace CloudStatus.Edge.Intake;

/// <summary>The records of one heap write, at most one per producer (the first one added wins).</summary>
internal sealed class WriteSet
{
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public List<HeapWrite> Writes { get; } = [];

    public int Count => Writes.Count;

    public bool Contains(string producerId) => _ids.Contains(producerId);

    public bool TryAdd(HeapWrite write)
    {
        if (!_ids.Add(write.ProducerId))
        {
            return false;
        }

        Writes.Add(write);
        return true;
    }
}
