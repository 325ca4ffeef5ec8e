namespace CloudStatus.Edge.Producers;

/// <summary>
/// The way down to producers (E9): asks one to reboot, to use a configuration, or tells the producer side that it was
/// removed. Implemented by whatever reaches the equipment (the simulated fleet in the dev stack, given to <c>EdgeNode</c> by whoever composes it).
/// </summary>
public interface IProducerControl
{
    Task<ProducerControlResult> RebootAsync(string producerId, CancellationToken cancellationToken = default);

    Task<ProducerControlResult> ApplyConfigAsync(string producerId, string? config, CancellationToken cancellationToken = default);

    Task<ProducerControlResult> RemoveAsync(string producerId, CancellationToken cancellationToken = default);

    /// <summary>Gives a producer a new IP address (an address conflict resolved by central, docs/adr/0110).</summary>
    Task<ProducerControlResult> ReaddressAsync(string producerId, string ip, CancellationToken cancellationToken = default) =>
        Task.FromResult(ProducerControlResult.NotSupported);

    /// <summary>
    /// A producer's IP moved (central's address journal, docs/adr/0150): whatever reached it at
    /// <paramref name="previousIp"/> reaches it at <paramref name="ip"/> from now on. How many adapters were moved.
    /// </summary>
    Task<int> RepointAsync(string producerId, string previousIp, string ip, CancellationToken cancellationToken = default) =>
        Task.FromResult(0);

    /// <summary>Starts, stops or restarts a supervised process (ADR 0100); nothing supervises processes by default.</summary>
    Task<ProducerControlResult> ControlProcessAsync(string producerId, ProcessAction action, CancellationToken cancellationToken = default) =>
        Task.FromResult(ProducerControlResult.NotSupported);
}
