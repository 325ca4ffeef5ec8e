namespace CloudStatus.Bench.Cost;

/// <summary>Cosmos operations counted per container with their request units; thread-safe.</summary>
internal sealed class CosmosTally(CosmosCostModel model)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ContainerTally> _containers = new(StringComparer.Ordinal);

    public CosmosCostModel Model => model;

    public long Reads => Sum(c => c.Reads);
    public long Writes => Sum(c => c.Writes);
    public long Queries => Sum(c => c.Queries);

    public double RequestUnits
    {
        get
        {
            lock (_gate)
            {
                return _containers.Values.Sum(c => c.RequestUnits);
            }
        }
    }

    public IReadOnlyDictionary<string, ContainerTally> Containers
    {
        get
        {
            lock (_gate)
            {
                return _containers.ToDictionary(p => p.Key, p => p.Value with { }, StringComparer.Ordinal);
            }
        }
    }

    public void Read(string container, int itemBytes) => Add(container, c => c with { Reads = c.Reads + 1, RequestUnits = c.RequestUnits + model.PointRead(itemBytes) });

    public void Write(string container, int itemBytes) =>
        Add(container, c => c with { Writes = c.Writes + 1, WrittenBytes = c.WrittenBytes + itemBytes, RequestUnits = c.RequestUnits + model.Write(itemBytes) });

    public void Query(string container, long resultBytes) => Add(container, c => c with { Queries = c.Queries + 1, RequestUnits = c.RequestUnits + model.Query(resultBytes) });

    public void Reset()
    {
        lock (_gate)
        {
            _containers.Clear();
        }
    }

    private void Add(string container, Func<ContainerTally, ContainerTally> change)
    {
        lock (_gate)
        {
            _containers[container] = change(_containers.GetValueOrDefault(container) ?? new ContainerTally());
        }
    }

    private long Sum(Func<ContainerTally, long> pick)
    {
        lock (_gate)
        {
            return _containers.Values.Sum(pick);
        }
    }
}

/// <summary>Counted operations of one container.</summary>
internal sealed record ContainerTally
{
    public long Reads { get; init; }
    public long Writes { get; init; }
    public long Queries { get; init; }

    /// <summary>Item bytes written (for the average item size the monthly bill stores).</summary>
    public long WrittenBytes { get; init; }

    public double RequestUnits { get; init; }
}
