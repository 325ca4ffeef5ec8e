using CloudStatus.Bench.Cost;
using CloudStatus.Functions.Hosting;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CloudStatus.Bench.Pipeline;

/// <summary>
/// Central as <see cref="CentralServiceCollectionExtensions.AddCloudStatusCentral"/> registers it, over a named in-memory
/// SQLite store, with each store port wrapped to count the Cosmos operations it stands for. No hosted service runs:
/// <see cref="ApplyAsync"/> calls the real <see cref="StatusIngestor"/> once per message.
/// </summary>
internal sealed class CentralHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly StatusIngestor _ingestor;
    private readonly ResyncRequestQueue _resyncs;

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
        services.AddSingleton<IServerStore>(sp => new CountingServerStore(new SqliteServerStore(sp.GetRequiredService<SqliteCentralDatabase>()), Tally));
        services.AddSingleton<IProducerStore>(sp => new CountingProducerStore(new SqliteProducerStore(sp.GetRequiredService<SqliteCentralDatabase>()), Tally));
        services.AddSingleton<IEventStore>(sp => new CountingEventStore(new SqliteEventStore(sp.GetRequiredService<SqliteCentralDatabase>()), Tally));
        services.AddSingleton<IViewStore>(sp => new CountingViewStore(new SqliteViewStore(sp.GetRequiredService<SqliteCentralDatabase>()), Tally));
        services.AddCloudStatusCentral(configuration);
        _services = services.BuildServiceProvider();
        _ingestor = _services.GetRequiredService<StatusIngestor>();
        _resyncs = _services.GetRequiredService<ResyncRequestQueue>();
    }

    public CosmosTally Tally { get; }

    public long Messages { get; private set; }

    public long DeadLetters { get; private set; }

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

        while (_resyncs.Reader.TryRead(out _))
        {
            ResyncRequests++;
        }

        return outcome.ResyncFromSeq;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
