using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Producers.Adapters;

/// <summary>
/// The adapters of one node's equipment section, built from its options, with the clients and gates they share: an
/// HTTP adapter per <c>http</c> entry, and the qualify and reachability loops of the others (<see cref="EquipmentProbes"/>).
/// </summary>
internal sealed class EquipmentSet : IAsyncDisposable
{
    private readonly EquipmentHttpClients _clients = new();
    private readonly EndpointGates _gates = new();
    private readonly Dictionary<string, IProducerAdapter> _byProducer = new(StringComparer.Ordinal);

    public EquipmentSet(
        IReadOnlyDictionary<string, EquipmentOptions> equipment, IObservationIntake intake, TimeProvider timeProvider, ILoggerFactory loggerFactory, LoopHeartbeats? heartbeats = null)
    {
        ArgumentNullException.ThrowIfNull(equipment);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger<HttpManagementAdapter>();
        foreach (var entry in equipment.Values.Where(e => e.Adapter == EquipmentAdapters.Http))
        {
            _byProducer.Add(entry.ProducerId, new HttpManagementAdapter(entry, _clients.For(entry), _gates, intake, timeProvider, logger));
        }

        Probes = EquipmentProbes.Create(equipment, intake, timeProvider, loggerFactory, heartbeats ?? new LoopHeartbeats(timeProvider));
    }

    /// <summary>The loops that check the <c>sip</c>, <c>tcp</c> and <c>icmp</c> entries (they have no control channel).</summary>
    public IReadOnlyList<IHostedService> Probes { get; }

    public IReadOnlyCollection<IProducerAdapter> Adapters => _byProducer.Values;

    public IProducerAdapter? Find(string producerId) => _byProducer.GetValueOrDefault(producerId);

    /// <summary>The producer announced itself: its adapter polls it now (docs/adr/0175). False when no adapter here polls it.</summary>
    public bool Announce(string producerId)
    {
        if (_byProducer.GetValueOrDefault(producerId) is not { IsActive: true } adapter)
        {
            return false;
        }

        adapter.PollNow();
        return true;
    }

    /// <summary>
    /// <paramref name="producerId"/> moved from <paramref name="previousIp"/> to <paramref name="ip"/>: its HTTP adapter
    /// and every SIP, TCP and ICMP check of it that reached it there follow it (docs/adr/0150). Only its own: in an
    /// address conflict the holder keeps the old IP while the newcomer moves. How many moved.
    /// </summary>
    public int Repoint(string producerId, string previousIp, string ip) =>
        (_byProducer.GetValueOrDefault(producerId)?.Repoint(previousIp, ip) == true ? 1 : 0) + RepointProbes(Probes, producerId, previousIp, ip);

    /// <summary>The SIP qualify and reachability targets of <paramref name="producerId"/> among <paramref name="probes"/> that checked <paramref name="previousIp"/>, moved.</summary>
    public static int RepointProbes(IEnumerable<IHostedService> probes, string producerId, string previousIp, string ip)
    {
        ArgumentNullException.ThrowIfNull(probes);
        return probes.Sum(p => p switch
        {
            Sip.SipQualifyService sip => sip.Repoint(producerId, previousIp, ip),
            Reachability.ReachabilityService reachability => reachability.Repoint(producerId, previousIp, ip),
            _ => 0,
        });
    }

    /// <summary><paramref name="producerId"/> and everything under it were deleted: the SIP qualify loop stops checking them.</summary>
    public void Removed(string producerId)
    {
        foreach (var sip in Probes.OfType<Sip.SipQualifyService>())
        {
            sip.Forget(producerId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var adapter in _byProducer.Values)
        {
            await adapter.DisposeAsync().ConfigureAwait(false);
        }

        _clients.Dispose();
        _gates.Dispose();
    }
}
