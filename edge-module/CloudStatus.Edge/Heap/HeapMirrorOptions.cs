namespace CloudStatus.Edge.Heap;

/// <summary>Where the heap is mirrored (section <c>CloudStatus:Edge:Heap</c>).</summary>
public sealed class HeapMirrorOptions
{
    /// <summary>Sqlite (a file in the data directory, the default) or TableStorage (Azure Table storage or Azurite).</summary>
    public HeapMirrorKind Kind { get; set; } = HeapMirrorKind.Sqlite;

    /// <summary>Used when <see cref="Kind"/> is <see cref="HeapMirrorKind.TableStorage"/>.</summary>
    public TableHeapMirrorOptions TableStorage { get; set; } = new();

    /// <summary>Every problem, each as a sentence naming the setting under <paramref name="section"/>; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section) =>
        Kind == HeapMirrorKind.TableStorage ? TableStorage.Validate(section + ":TableStorage") : [];
}

public enum HeapMirrorKind
{
    Sqlite,
    TableStorage,
}
