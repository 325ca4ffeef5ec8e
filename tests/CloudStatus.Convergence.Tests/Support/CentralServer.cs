using CloudStatus.Edge.Transport;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Hosting;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Convergence.Tests.Support;

/// <summary>
/// Central as <see cref="CentralServiceCollectionExtensions.AddCloudStatusCentral"/> wires it over the embedded SQLite
/// store in a data directory; no hosted service runs, the history calls ingest and the resync dispatcher itself.
/// A restart builds a new container (new ingestor; the dispatch outbox lives in the store) over the same store.
/// </summary>
internal sealed class CentralServer : IAsyncDisposable
{
    private readonly IConfiguration _configuration;
    private readonly FakeTimeProvider _time;
    private readonly IDirectMethodClient _methods;
    private ServiceProvider _services;

    public CentralServer(string directory, FakeTimeProvider time, IDirectMethodClient methods)
    {
        _configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CloudStatus:Central:Store:DataDirectory"] = directory })
            .Build();
        _time = time;
        _methods = methods;
        _services = Build();
    }

    public IServerStore Servers => Get<IServerStore>();
    public IProducerStore Producers => Get<IProducerStore>();
    public IEventStore Events => Get<IEventStore>();
    public IDeadLetterStore DeadLetters => Get<IDeadLetterStore>();

    /// <summary>A device-to-cloud message as the Event Hubs trigger hands it to ingest.</summary>
    public Task<IngestOutcome> ApplyAsync(OutboundMessage message) => Get<StatusIngestor>().ApplyAsync(new InboundMessage
    {
        DeviceId = History.Producers.ServerId,
        ModuleId = Core.Commands.DirectMethodNames.DefaultModuleId,
        Body = message.Body,
        ContentType = message.ContentType,
        ContentEncoding = message.ContentEncoding,
        MessageId = message.MessageId,
        Properties = message.Properties,
        EnqueuedTime = _time.GetUtcNow(),
    });

    /// <summary>Every dispatch message queued and not yet taken, removed from the queue (commands and resyncs).</summary>
    public Task<List<DispatchMessage>> DrainDispatchAsync() => Get<IDispatchQueue>().DrainAsync();

    /// <summary>Every resync request ingest queued and the dispatcher has not taken yet (the outbox survives a restart).</summary>
    public Task<List<ResyncRequestItem>> DrainResyncsAsync() => Get<IDispatchQueue>().DrainResyncsAsync();

    /// <summary>Sends one resync request as the dispatcher does: the <c>resync</c> direct method to the server's module.</summary>
    public Task<DirectMethodOutcome> DispatchAsync(ResyncRequestItem request) =>
        Get<ResyncSender>().SendAsync(request, CancellationToken.None);

    public async Task RestartAsync()
    {
        await _services.DisposeAsync();
        _services = Build();
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    private T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(_methods);
        services.AddCloudStatusCentral(_configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
