namespace CloudStatus.Edge.Heap;

internal sealed record HeapOptions
{
    /// <summary>How long a sent tombstone is kept so that a resync shortly after still carries it.</summary>
    public TimeSpan TombstoneRetention { get; init; } = TimeSpan.FromMinutes(10);
}
