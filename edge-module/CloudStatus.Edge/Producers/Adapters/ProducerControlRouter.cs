using CloudStatus.Edge.Producers.Supervision;

namespace CloudStatus.Edge.Producers.Adapters;

/// <summary>
/// The edge's way down to its producers (<see cref="IProducerControl"/>): each action goes to the producer's adapter;
/// a producer with none goes to <paramref name="fallback"/> when one was given (the module gives its configured SIP and reachability loops, a host composing nodes its own),
/// else it cannot be done here (<see cref="ProducerControlResult.NotSupported"/>). A supervised process is started,
/// stopped and restarted by its supervisor (a reboot is a restart).
/// </summary>
internal sealed class ProducerControlRouter(EquipmentSet equipment, ProcessSupervisor? supervisor, IProducerControl? fallback) : IProducerControl
{
    private static readonly Task<ProducerControlResult> NoAdapter = Task.FromResult(ProducerControlResult.NotSupported);

    /// <summary>Start, stop or restart a supervised process; anything the supervisor does not know goes to the fallback.</summary>
    public async Task<ProducerControlResult> ControlProcessAsync(string producerId, ProcessAction action, CancellationToken cancellationToken = default)
    {
        if (supervisor is not null && await supervisor.ControlAsync(producerId, action, cancellationToken).ConfigureAwait(false))
        {
            return ProducerControlResult.Accepted;
        }

        return fallback is null
            ? ProducerControlResult.UnknownProducer
            : await fallback.ControlProcessAsync(producerId, action, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ProducerControlResult> RebootAsync(string producerId, CancellationToken cancellationToken = default)
    {
        if (equipment.Find(producerId) is { } adapter)
        {
            return await adapter.RebootAsync(cancellationToken).ConfigureAwait(false);
        }

        if (supervisor is not null && await supervisor.ControlAsync(producerId, ProcessAction.Restart, cancellationToken).ConfigureAwait(false))
        {
            return ProducerControlResult.Accepted;
        }

        return await (fallback?.RebootAsync(producerId, cancellationToken) ?? NoAdapter).ConfigureAwait(false);
    }

    public Task<ProducerControlResult> ApplyConfigAsync(string producerId, string? config, CancellationToken cancellationToken = default) =>
        equipment.Find(producerId) is { } adapter
            ? adapter.ApplyConfigAsync(config, cancellationToken)
            : fallback?.ApplyConfigAsync(producerId, config, cancellationToken) ?? NoAdapter;

    public Task<ProducerControlResult> ReaddressAsync(string producerId, string ip, CancellationToken cancellationToken = default) =>
        equipment.Find(producerId) is { } adapter
            ? adapter.ReaddressAsync(ip, cancellationToken)
            : fallback?.ReaddressAsync(producerId, ip, cancellationToken) ?? NoAdapter;

    /// <summary>Every adapter that reached the old IP moves to the new one (the same device may be known here under another id).</summary>
    public async Task<int> RepointAsync(string producerId, string previousIp, string ip, CancellationToken cancellationToken = default)
    {
        var moved = equipment.Repoint(producerId, previousIp, ip);
        return moved + (fallback is null ? 0 : await fallback.RepointAsync(producerId, previousIp, ip, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Called once the producer's subtree left the status tree: the probe loops stop checking it first (a check of a
    /// deleted phone would bring it back), then the equipment is told.
    /// </summary>
    public Task<ProducerControlResult> RemoveAsync(string producerId, CancellationToken cancellationToken = default)
    {
        equipment.Removed(producerId);
        return equipment.Find(producerId) is { } adapter
            ? adapter.RemoveAsync(cancellationToken)
            : fallback?.RemoveAsync(producerId, cancellationToken) ?? NoAdapter;
    }
}
