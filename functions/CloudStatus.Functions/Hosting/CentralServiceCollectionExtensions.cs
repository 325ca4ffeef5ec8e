using CloudStatus.Functions.Api;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.History;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Storage.Sqlite;
using CloudStatus.Functions.Sweep;
using CloudStatus.Functions.Views;
using Microsoft.AspNetCore.Authentication;
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
    /// Registers central: options (validated at start), the embedded SQLite stores (unless the host registered its own
    /// store ports first), ingest with its queue (<see cref="IInboundMessageSink"/>), the sweep, the views, commands,
    /// auth, problem details, OpenAPI and telemetry. The host registers <see cref="IDirectMethodClient"/> (before or
    /// after this call); if none is registered, direct methods fail with "no IoT Hub configured".
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

        AddSqliteStores(services);

        services.TryAddSingleton<CentralMetrics>();
        services.TryAddSingleton<ServerGate>();
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
        services.AddHostedService<IngestWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ResyncDispatcher>());
        services.AddHostedService<HeartbeatSweepService>();
        services.AddHostedService(sp => sp.GetRequiredService<ViewRefreshService>());
        services.AddHostedService<CommandDispatchService>();

        // HTTP API v1.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddOpenApi();
        services.AddAuthentication(DevTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, DevTokenAuthenticationHandler>(DevTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(CloudStatusClaims.ReadPolicy, p => p.RequireRole(CloudStatusClaims.ReadRole))
            .AddPolicy(CloudStatusClaims.OperatePolicy, p => p.RequireRole(CloudStatusClaims.OperateRole));

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

    private static void AddValidatedOptions<T>(IServiceCollection services, IConfiguration configuration, string section, Func<T, IReadOnlyList<string>> validate)
        where T : class
    {
        services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new ListOptionsValidator<T>(validate)));
    }
}
