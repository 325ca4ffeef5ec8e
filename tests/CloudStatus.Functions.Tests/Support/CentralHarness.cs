using CloudStatus.Core.Central;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Hosting;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Sweep;
using CloudStatus.Functions.Views;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Functions.Tests.Support;

/// <summary>
/// Central's components as <see cref="CentralServiceCollectionExtensions.AddCloudStatusCentral"/> wires them, over a
/// SQLite file of its own, a <see cref="FakeTimeProvider"/> and a <see cref="FakeDirectMethodClient"/>. No hosted
/// service runs: tests call each single step (apply, sweep, build, dispatch) themselves.
/// </summary>
internal sealed class CentralHarness : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("functions");
    private readonly ServiceProvider _services;

    public CentralHarness(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["CloudStatus:Central:Store:DataDirectory"] = _directory.Path,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton<IDirectMethodClient>(Methods);
        configureServices?.Invoke(services);
        services.AddCloudStatusCentral(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public FakeDirectMethodClient Methods { get; } = new();

    public IServiceProvider Services => _services;

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public StatusIngestor Ingestor => Get<StatusIngestor>();
    public IServerStore Servers => Get<IServerStore>();
    public IProducerStore Producers => Get<IProducerStore>();
    public IEventStore Events => Get<IEventStore>();
    public HeartbeatSweeper Sweeper => Get<HeartbeatSweeper>();
    public ViewBuilder Views => Get<ViewBuilder>();

    public Task<IngestOutcome> ApplyAsync(StatusBatch batch) => Ingestor.ApplyAsync(Batches.Message(batch));

    public Task<IngestOutcome> ApplyAsync(InboundMessage message) => Ingestor.ApplyAsync(message);

    /// <summary>Every dispatch message queued and not yet taken, removed from the queue (commands and resyncs).</summary>
    public Task<List<DispatchMessage>> DrainDispatchAsync() => Get<IDispatchQueue>().DrainAsync();

    /// <summary>Every resync request ingest queued since the last drain.</summary>
    public Task<List<ResyncRequestItem>> DrainResyncsAsync() => Get<IDispatchQueue>().DrainResyncsAsync();

    public async Task<List<StatusEvent>> AllEventsAsync(string tenant = Batches.Tenant)
    {
        var page = await Events.QueryAsync(new EventQuery
        {
            TenantIds = [tenant],
            From = DateTimeOffset.MinValue.AddYears(1),
            To = DateTimeOffset.MaxValue.AddYears(-1),
            Limit = 10_000,
        });
        return [.. page.Items];
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _directory.Dispose();
    }
}
