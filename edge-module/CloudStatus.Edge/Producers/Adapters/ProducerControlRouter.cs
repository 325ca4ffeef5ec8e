using CloudStatus.Edge.Producers.Supervision;

namespace CloudStatus.Edge.Producers.Adapters;

/// <summary>
/// The edge's way down to its producers (<see cref="IProducerControl"/>): each action goes to the producer's adapter;
/// a producer with none goes to <paramref name="fallback"/> when one was given (the dev fleet's in-process devices),
/// else it cannot be done here (<see cref="ProducerControlResult.NotSupported"/>). A supervised process is started,
/// stopped and restarted by its supervisor (a reboot is a restart).
/// </summary>
internal sealed class ProducerControlRouter(EquipmentSet equipment, ProcessSupervisor? supervisor, IProducerControl? fallback) : IProducerControl
{
    /// <summary>Start, stop or restart a supervised process; <see cref="ProducerControlResult.UnknownProducer"/> for anything else.</summary>
    public async Task<ProducerControlResult> ControlProcessAsync(string producerId, SupervisionAction action, CancellationToken cancellationToken = default) =>
        supervisor is not null && await supervisor.ControlAsync(producerId, action, cancellationToken).ConfigureAwait(false)
            ? ProducerControlResult.Accepted
            : ProducerControlResult.UnknownProducer;

    private static readonly Task<ProducerControlResult> NoAdapter = Task.FromResult(ProducerControlResult.NotSupported);

    public async Task<ProducerControlResult> RebootAsync(string producerId, CancellationToken cancellationToken = default)
    {
        if (equipment.Find(producerId) is { } adapter)
        {
            return await adapter.RebootAsync(cancellationToken).ConfigureAwait(false);
        }

        if (supervisor is not null && await supervisor.ControlAsync(producerId, SupervisionAction.Restart, cancellationToken).ConfigureAwait(false))
        {
            return ProducerControlResult.Accepted;
        }

        return await (fallback?.RebootAsync(producerId, cancellationToken) ?? NoAdapter).ConfigureAwait(false);
    }

    public Task<ProducerControlResult> ApplyConfigAsync(string producerId, string? config, CancellationToken cancellationToken = default) =>
        equipment.Find(producerId) is { } adapter
            ? adapter.ApplyConfigAsync(config, cancellationToken)
            : fallback?.ApplyConfigAsync(producerId, config, cancellationToken) ?? NoAdapter;

    public Task<ProducerControlResult> RemoveAsync(string producerId, CancellationToken cancellationToken = default) =>
        equipment.Find(producerId) is { } adapter
            ? adapter.RemoveAsync(cancellationToken)
            : fallback?.RemoveAsync(producerId, cancellationToken) ?? NoAdapter;
}
