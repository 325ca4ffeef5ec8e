using CloudStatus.Functions.Api;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.CustomHandler;
using CloudStatus.Functions.History;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Storage.Sqlite;
using CloudStatus.Functions.Sweep;
using CloudStatus.Functions.Views;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CloudStatus.Functions.Hosting;

/// <summary>Everything central registers; used by Program.cs and by the dev stack.</summary>
internal static class CentralServiceCollectionExtensions
{
    public const string ConsoleTelemetryKey = "CloudStatus:Central:Telemetry:Console";

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

        AddValidatedOptions<CentralStoreOptions>(services, configuration, CentralStoreOptions.SectionName, o => o.Validate());
        AddValidatedOptions<IngestOptions>(services, configuration, IngestOptions.SectionName, o => o.Validate());
        AddValidatedOptions<SweepOptions>(services, configuration, SweepOptions.SectionName, o => o.Validate());
        AddValidatedOptions<ViewOptions>(services, configuration, ViewOptions.SectionName, o => o.Validate());
        AddValidatedOptions<CommandOptions>(services, configuration, CommandOptions.SectionName, o => o.Validate());
        AddValidatedOptions<AuthOptions>(services, configuration, AuthOptions.SectionName, o => o.Validate());
        AddValidatedOptions<HistoryOptions>(services, configuration, HistoryOptions.SectionName, o => o.Validate());

        if (configuration.GetValue<CentralStoreKind?>(CentralStoreOptions.KindKey) == CentralStoreKind.Cosmos)
        {
            services.AddCosmosStores(configuration);
        }
        else
        {
            AddSqliteStores(services);
        }

        services.TryAddSingleton<CentralMetrics>();
        services.TryAddSingleton<ServerGate>();
        services.AddIotHubDirectMethods(configuration);
        services.TryAddSingleton<IDirectMethodClient, UnconfiguredDirectMethodClient>();

        // Ingest (C1): the queue stands in for the Event Hubs trigger.
        services.TryAddSingleton<IngestQueue>();
        services.TryAddSingleton<IInboundMessageSink>(sp => sp.GetRequiredService<IngestQueue>());
        services.TryAddSingleton<StatusIngestor>();
        services.TryAddSingleton<ResyncRequestQueue>();
        services.TryAddSingleton<ResyncDispatcher>();

        // Sweep (C2), views (C3, C4), commands (C6).
        services.TryAddSingleton<HeartbeatSweeper>();
        services.TryAddSingleton<ViewBuilder>();
        services.TryAddSingleton<ViewRefreshService>();
        services.TryAddSingleton<CommandQueue>();
        services.TryAddSingleton<CommandService>();
        services.TryAddSingleton<CommandDispatcher>();

        // Cross-server history (S3): asks the member servers live over direct methods.
        services.TryAddSingleton<HistoryCoalescer>();

        services.AddHostedService<CentralStartupService>();
        services.AddTriggerStandIns(configuration);
        services.AddHostedService(sp => sp.GetRequiredService<ResyncDispatcher>());
        services.AddHostedService<CommandDispatchService>();
        services.AddCustomHandlerInvocations();

        // HTTP API v1.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddCentralOpenApi();
        services.AddCloudStatusAuth(configuration);

        var console = configuration.GetValue<bool>(ConsoleTelemetryKey);
        services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CentralMetrics.MeterName).AddAspNetCoreInstrumentation();
                if (console)
                {
                    metrics.AddConsoleExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation();
                if (console)
                {
                    tracing.AddConsoleExporter();
                }
            });
        return services;
    }

    private static void AddSqliteStores(IServiceCollection services)
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
        services.TryAddSingleton<IServerStore, SqliteServerStore>();
        services.TryAddSingleton<IProducerStore, SqliteProducerStore>();
        services.TryAddSingleton<IEventStore, SqliteEventStore>();
        services.TryAddSingleton<ICommandStore, SqliteCommandStore>();
        services.TryAddSingleton<IViewStore, SqliteViewStore>();
        services.TryAddSingleton<IDeadLetterStore, SqliteDeadLetterStore>();
    }

    internal static void AddValidatedOptions<T>(IServiceCollection services, IConfiguration configuration, string section, Func<T, IReadOnlyList<string>> validate)
        where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new ListOptionsValidator<T>(validate)));
    }
}
