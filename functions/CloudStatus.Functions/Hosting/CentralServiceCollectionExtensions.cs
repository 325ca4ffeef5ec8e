using CloudStatus.Functions.Addresses;
using CloudStatus.Functions.Api;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.CustomHandler;
using CloudStatus.Functions.History;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Storage.Queues;
using CloudStatus.Functions.Storage.Sqlite;
using CloudStatus.Functions.Sweep;
using CloudStatus.Functions.Views;
using Azure.Core;
using Azure.Identity;
using Azure.Storage.Queues;
using CloudStatus.Hosting.Health;
using CloudStatus.Hosting.Telemetry;
using CloudStatus.Hosting.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Hosting;

/// <summary>Everything central registers: the entry point of Program.cs, the dev stack and the benchmark.</summary>
public static class CentralServiceCollectionExtensions
{
    /// <summary>Central's own switch for console telemetry (besides the shared <c>CloudStatus:Telemetry:Console</c>).</summary>
    public const string ConsoleTelemetryKey = "CloudStatus:Central:Telemetry:Console";

    /// <summary>The OpenTelemetry service name of central.</summary>
    public const string ServiceName = "cloudstatus-central";

    /// <summary>
    /// Registers central: options (validated at start), the stores chosen by <c>CloudStatus:Central:Store:Kind</c>
    /// (embedded SQLite by default, or Cosmos DB; unless the host registered its own store ports first), ingest with its
    /// queue (<see cref="IInboundMessageSink"/>), the sweep, the views, commands, auth, problem details, OpenAPI and
    /// telemetry. Direct methods go through IoT Hub's service REST API when
    /// <c>CloudStatus:Central:Commands:IotHub:HostName</c> is set, unless the host registered its own
    /// <see cref="IDirectMethodClient"/> first (dev hub, tests); otherwise they fail with "no IoT Hub configured".
    /// Under the Functions host (<c>FUNCTIONS_CUSTOMHANDLER_PORT</c>) the trigger stand-ins are not registered.
    /// </summary>
    public static IServiceCollection AddCloudStatusCentral(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();

        services.AddValidatedOptions<CentralStoreOptions>(configuration, CentralStoreOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<IngestOptions>(configuration, IngestOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<SweepOptions>(configuration, SweepOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<LeaseOptions>(configuration, LeaseOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<RegistrationOptions>(configuration, RegistrationOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<ViewOptions>(configuration, ViewOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<CommandOptions>(configuration, CommandOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<DispatchOptions>(configuration, DispatchOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<AuthOptions>(configuration, AuthOptions.SectionName, o => o.Validate());
        services.AddValidatedOptions<HistoryOptions>(configuration, HistoryOptions.SectionName, o => o.Validate());

        if (configuration.GetValue<CentralStoreKind?>(CentralStoreOptions.KindKey) == CentralStoreKind.Cosmos)
        {
            services.AddCosmosStores(configuration);
        }
        else
        {
            AddSqliteStores(services);
        }

        services.TryAddSingleton<DispatchSignal>();
        if (configuration.GetValue<DispatchQueueKind?>(DispatchOptions.KindKey) == DispatchQueueKind.StorageQueue)
        {
            services.TryAddSingleton<IDispatchQueue>(sp => StorageQueue(sp));
        }
        else
        {
            AddSqliteDatabase(services);
            services.TryAddSingleton<IDispatchQueue, SqliteDispatchOutbox>();
        }

        services.TryAddSingleton<CentralMetrics>();
        services.TryAddSingleton<ServerGate>();
        services.AddIotHubDirectMethods(configuration);
        services.TryAddSingleton<IDirectMethodClient, UnconfiguredDirectMethodClient>();

        // Ingest (C1): the queue stands in for the Event Hubs trigger.
        services.TryAddSingleton<IngestQueue>();
        services.TryAddSingleton<LeaseKeeper>();
        services.TryAddSingleton<AddressJournalSignal>();
        services.TryAddSingleton<IInboundMessageSink>(sp => sp.GetRequiredService<IngestQueue>());
        // A factory: the ingestor is public (hosts may apply a message directly), its dependencies are not.
        services.TryAddSingleton(sp => new StatusIngestor(
            sp.GetRequiredService<IServerStore>(),
            sp.GetRequiredService<IProducerStore>(),
            sp.GetRequiredService<IEventStore>(),
            sp.GetRequiredService<IViewStore>(),
            sp.GetRequiredService<IDeadLetterStore>(),
            sp.GetRequiredService<ServerGate>(),
            sp.GetRequiredService<LeaseKeeper>(),
            sp.GetRequiredService<IOptions<RegistrationOptions>>(),
            sp.GetRequiredService<IDispatchQueue>(),
            sp.GetRequiredService<IAddressStore>(),
            sp.GetRequiredService<CentralMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<IngestOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<StatusIngestor>>(),
            sp.GetRequiredService<AddressJournalSignal>()));

        // Sweep (C2), views (C3, C4), commands (C6).
        services.TryAddSingleton<HeartbeatSweeper>();
        services.TryAddSingleton<ViewBuilder>();
        services.TryAddSingleton<ViewRefreshService>();
        services.TryAddSingleton<CommandService>();
        services.TryAddSingleton<AddReservationRelease>();
        services.TryAddSingleton<CommandDispatcher>();
        services.TryAddSingleton<ResyncSender>();
        services.TryAddSingleton<NeighbourAnnouncer>();
        services.TryAddSingleton<DispatchProcessor>();
        services.TryAddSingleton<CommandRescanner>();

        // Cross-server history (S3): asks the member servers live over direct methods.
        services.TryAddSingleton<HistoryCoalescer>();

        services.AddHostedService<CentralStartupService>();
        services.AddTriggerStandIns(configuration);
        services.AddAddressJournal(configuration);
        services.AddCustomHandlerInvocations();

        // HTTP API v1.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<StoreBusyExceptionHandler>();
        services.AddValidatedOptions<ReadCacheOptions>(configuration, ReadCacheOptions.SectionName, o => o.Validate());
        services.TryAddSingleton<ReadCache>();
        services.AddCentralOpenApi();
        services.AddCloudStatusAuth(configuration);

        // /healthz: the loops are not hung; /readyz: also the store answers.
        services.AddCloudStatusHealthChecks()
            .AddCheck<CentralStoreHealthCheck>("store", tags: HealthTags.ReadyOnly, timeout: HealthEndpoints.CheckTimeout);

        services.AddCloudStatusTelemetry(configuration, ServiceName, meters: [CentralMetrics.MeterName], consoleKey: ConsoleTelemetryKey);
        return services;
    }

    private static void AddSqliteStores(IServiceCollection services)
    {
        AddSqliteDatabase(services);
        services.TryAddSingleton<IServerStore, SqliteServerStore>();
        services.TryAddSingleton<ILeaseStore, SqliteLeaseStore>();
        services.TryAddSingleton<IProducerStore, SqliteProducerStore>();
        services.TryAddSingleton<IEventStore, SqliteEventStore>();
        services.TryAddSingleton<ICommandStore, SqliteCommandStore>();
        services.TryAddSingleton<IViewStore, SqliteViewStore>();
        services.TryAddSingleton<IDeadLetterStore, SqliteDeadLetterStore>();
        services.TryAddSingleton<IAddressStore, SqliteAddressStore>();
    }

    /// <summary>The embedded database: the SQLite stores and the dispatch outbox (also beside a Cosmos store).</summary>
    private static void AddSqliteDatabase(IServiceCollection services)
    {
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CentralStoreOptions>>().Value;
            if (options.InMemoryName is { } name)
            {
                return SqliteCentralDatabase.ForMemory(name);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(options.FilePath)!);
            return SqliteCentralDatabase.ForFile(options.FilePath);
        });
    }

    /// <summary>The Azure Storage queue: Entra ID (the app's managed identity) unless an Azurite connection string is set.</summary>
    private static StorageQueueDispatchQueue StorageQueue(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<DispatchOptions>>().Value;
        var clientOptions = StorageQueueDispatchQueue.ClientOptions();
        var service = options.ConnectionString is { Length: > 0 } connectionString
            ? new QueueServiceClient(connectionString, clientOptions)
            : new QueueServiceClient(options.QueueServiceUri!, sp.GetService<TokenCredential>() ?? new DefaultAzureCredential(), clientOptions);
        return new StorageQueueDispatchQueue(service, options.QueueName, sp.GetRequiredService<DispatchSignal>());
    }
}
