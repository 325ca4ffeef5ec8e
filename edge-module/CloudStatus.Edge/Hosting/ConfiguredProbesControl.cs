using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Producers.Adapters;
using Microsoft.Extensions.Hosting;

namespace CloudStatus.Edge.Hosting;

/// <summary>
/// The module's way to the SIP qualify and reachability loops configured outside the equipment section
/// (<c>CloudStatus:Edge:SipQualify</c>, <c>CloudStatus:Edge:Reachability</c>): they only follow an address move
/// (docs/adr/0150). They have no control channel, so every other action is what a producer without an adapter gets.
/// The loops are looked up when asked: they are built after the node, whose intake they post to.
/// </summary>
internal sealed class ConfiguredProbesControl(Func<IEnumerable<IHostedService>> services) : IProducerControl
{
    private static readonly Task<ProducerControlResult> NoAdapter = Task.FromResult(ProducerControlResult.NotSupported);

    public Task<ProducerControlResult> RebootAsync(string producerId, CancellationToken cancellationToken = default) => NoAdapter;

    public Task<ProducerControlResult> ApplyConfigAsync(string producerId, string? config, CancellationToken cancellationToken = default) => NoAdapter;

    public Task<ProducerControlResult> RemoveAsync(string producerId, CancellationToken cancellationToken = default) => NoAdapter;

    public Task<ProducerControlResult> ControlProcessAsync(string producerId, ProcessAction action, CancellationToken cancellationToken = default) =>
        Task.FromResult(ProducerControlResult.UnknownProducer);

    public Task<int> RepointAsync(string producerId, string previousIp, string ip, CancellationToken cancellationToken = default) =>
        Task.FromResult(EquipmentSet.RepointProbes(services(), producerId, previousIp, ip));
}
