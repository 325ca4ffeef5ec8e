using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Producers.Adapters;

/// <summary>The adapters of one node's equipment section, built from its options, with the clients and gates they share.</summary>
internal sealed class EquipmentSet : IAsyncDisposable
{
    private readonly EquipmentHttpClients _clients = new();
    private readonly EndpointGates _gates = new();
    private readonly Dictionary<string, IProducerAdapter> _byProducer = new(StringComparer.Ordinal);

    public EquipmentSet(IReadOnlyDictionary<string, EquipmentOptions> equipment, IObservationIntake intake, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(equipment);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger<HttpManagementAdapter>();
        foreach (var entry in equipment.Values)
        {
            _byProducer.Add(entry.ProducerId, entry.Adapter switch
            {
                EquipmentAdapters.Http => new HttpManagementAdapter(entry, _clients.For(entry), _gates, intake, timeProvider, logger),
                _ => throw new ArgumentException($"Unknown adapter '{entry.Adapter}'.", nameof(equipment)),
            });
        }
    }

    public IReadOnlyCollection<IProducerAdapter> Adapters => _byProducer.Values;

    public IProducerAdapter? Find(string producerId) => _byProducer.GetValueOrDefault(producerId);

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
