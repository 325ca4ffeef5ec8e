namespace CloudStatus.Edge.Producers.Adapters;

/// <summary>
/// The edge's way down to its producers (<see cref="IProducerControl"/>): each action goes to the producer's adapter;
/// a producer with none goes to <paramref name="fallback"/> when one was given (the dev fleet's in-process devices),
/// else it cannot be done here (<see cref="ProducerControlResult.NotSupported"/>).
/// </summary>
internal sealed class ProducerControlRouter(EquipmentSet equipment, IProducerControl? fallback) : IProducerControl
{
    private static readonly Task<ProducerControlResult> NoAdapter = Task.FromResult(ProducerControlResult.NotSupported);

    public Task<ProducerControlResult> RebootAsync(string producerId, CancellationToken cancellationToken = default) =>
        equipment.Find(producerId) is { } adapter
            ? adapter.RebootAsync(cancellationToken)
            : fallback?.RebootAsync(producerId, cancellationToken) ?? NoAdapter;

    public Task<ProducerControlResult> ApplyConfigAsync(string producerId, string? config, CancellationToken cancellationToken = default) =>
        equipment.Find(producerId) is { } adapter
            ? adapter.ApplyConfigAsync(config, cancellationToken)
            : fallback?.ApplyConfigAsync(producerId, config, cancellationToken) ?? NoAdapter;

    public Task<ProducerControlResult> RemoveAsync(string producerId, CancellationToken cancellationToken = default) =>
        equipment.Find(producerId) is { } adapter
            ? adapter.RemoveAsync(cancellationToken)
            : fallback?.RemoveAsync(producerId, cancellationToken) ?? NoAdapter;
}
