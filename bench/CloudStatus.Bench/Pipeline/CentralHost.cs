using CloudStatus.Bench.Cost;
using CloudStatus.Functions.Hosting;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CloudStatus.Bench.Pipeline;

/// <summary>
/// Central as <see cref="CentralServiceCollectionExtensions.AddCloudStatusCentral"/> registers it, over a named in-memory
/// SQLite store, with each store port it registered wrapped to count the Cosmos operations it stands for. No hosted
/// service runs: <see cref="ApplyAsync"/> calls the real <see cref="StatusIngestor"/> once per message, as the Event
/// Hubs trigger would.
/// </summary>
internal sealed class CentralHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly StatusIngestor _ingestor;

    public CentralHost(TimeProvider time, CosmosCostModel cost)
    {
        Tally = new CosmosTally(cost);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CloudStatus:Central:Store:InMemoryName"] = "bench-" + Guid.NewGuid().ToString("N"),
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        services.AddCloudStatusCentral(configuration);
        services.Decorate<IServerStore>((inner, _) => new CountingServerStore(inner, Tally));
        services.Decorate<IProducerStore>((inner, _) => new CountingProducerStore(inner, Tally));
        services.Decorate<IEventStore>((inner, _) => new CountingEventStore(inner, Tally));
        services.Decorate<IViewStore>((inner, _) => new CountingViewStore(inner, Tally));
        _services = services.BuildServiceProvider();
        _ingestor = _services.GetRequiredService<StatusIngestor>();
    }

    public CosmosTally Tally { get; }

    public long Messages { get; private set; }

    public long DeadLetters { get; private set; }

    /// <summary>Resyncs central asked for (nothing dispatches them here: the outcome hands them to the link).</summary>
    public long ResyncRequests { get; private set; }

    public IServiceProvider Services => _services;

    /// <summary>Applies one message; returns the sequence central asks the server to resync from, if any.</summary>
    public async Task<long?> ApplyAsync(InboundMessage message, CancellationToken cancellationToken = default)
    {
        var outcome = await _ingestor.ApplyAsync(message, cancellationToken).ConfigureAwait(false);
        Messages++;
        if (outcome.DeadLettered)
        {
            DeadLetters++;
        }

        if (outcome.ResyncFromSeq is not null)
        {
            ResyncRequests++;
        }

        return outcome.ResyncFromSeq;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
