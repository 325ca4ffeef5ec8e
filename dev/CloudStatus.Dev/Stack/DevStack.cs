using System.Globalization;
using CloudStatus.Dev.Cli;
using CloudStatus.Dev.Hub;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge;
using CloudStatus.Functions.Commands;
using CloudStatus.Fleet;
using CloudStatus.Functions.Hosting;
using CloudStatus.Hosting.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// The one-process local stack: the central app (ingest, sweep, views, commands, API) on embedded SQLite, the dev IoT
/// hub (MQTT, routes device-to-cloud into ingest, carries direct methods down) and N simulated local servers, each a
/// real edge node with the real MQTT module transport. Extra configuration (<paramref name="args"/>, environment,
/// appsettings) can still override any central setting, e.g. to point the store at the emulators.
/// </summary>
internal static class DevStack
{
    /// <summary>The OpenTelemetry service name of the dev stack.</summary>
    public const string ServiceName = "cloudstatus-dev";

    /// <param name="configureServices">
    /// Test-only: runs after every registration, so a test can add trust in its loopback identity provider or wrap a
    /// port (the ingest sink, the direct-method client) in a decorator that fails on demand. Null in the dev command.
    /// </param>
    public static WebApplication Build(
        DevStackOptions options, string[]? args = null, Action<ILoggingBuilder>? logging = null, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            EnvironmentName = "Development",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(options.Urls);
        var router = new SimulatedRouter();
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
        {
            InitialData = CentralSettings(options).Concat(AddressSettings(options, router)),
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("System", LogLevel.Warning);
        logging?.Invoke(builder.Logging);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(router);
        services.AddHostedService(sp => sp.GetRequiredService<SimulatedRouter>());
        services.AddSingleton(new DevIotHubOptions());
        services.AddSingleton<DevIotHub>();
        services.AddSingleton<IDirectMethodClient>(sp => sp.GetRequiredService<DevIotHub>());
        // The stack's own meters (dev hub, simulated edge nodes) join central's, through the one telemetry set-up.
        services.AddCloudStatusTelemetry(builder.Configuration, ServiceName, meters: [DevHubMetrics.MeterName, EdgeNode.MeterName],
            consoleKey: CentralServiceCollectionExtensions.ConsoleTelemetryKey);
        services.AddCloudStatusCentral(builder.Configuration);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(DevJsonContext.Default));
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(DevHubJsonContext.Default));

        // After central's hosted services, so ingest runs before the first module connects.
        services.AddSingleton<DevFleet>();
        services.AddHostedService(sp => sp.GetRequiredService<DevFleet>());
        services.AddHostedService(sp => new FleetClockService(
            sp.GetRequiredService<DevFleet>().Model, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FleetClockService>>()));
        configureServices?.Invoke(services);

        var app = builder.Build();
        app.MapCloudStatusCentral();
        app.MapDevSimApi();
        app.MapDevProcessApi();
        app.MapDevTokensApi();
        app.MapDevHubApi();
        return app;
    }

    /// <summary>Every site resolves IP conflicts itself (docs/adr/0110): its switches' 10.x LAN, a pool, the simulated router.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> AddressSettings(DevStackOptions options, SimulatedRouter router) =>
        Enumerable.Range(1, options.Servers).Select(DevFleet.SiteId).Distinct(StringComparer.Ordinal).SelectMany(site => new Dictionary<string, string?>
        {
            [$"CloudStatus:Central:Addresses:Sites:{site}:Subnets:0"] = "10.0.0.0/8",
            [$"CloudStatus:Central:Addresses:Sites:{site}:Policy"] = "auto",
            [$"CloudStatus:Central:Addresses:Sites:{site}:Pool"] = "10.250.0.0/24",
            [$"CloudStatus:Central:Addresses:Sites:{site}:RouterUrl"] = router.SiteUrl(site).ToString(),
        });

    /// <summary>Central settings derived from the command line; lowest priority, so configuration can override them.</summary>
    private static Dictionary<string, string?> CentralSettings(DevStackOptions options)
    {
        var interval = options.SweepInterval.ToString("c", CultureInfo.InvariantCulture);
        return new Dictionary<string, string?>
        {
            [CentralStoreOptions.SectionName + ":DataDirectory"] = Path.GetFullPath(Path.Combine(options.DataDirectory, "central")),
            ["CloudStatus:Auth:DevToken"] = options.DevToken,
            ["CloudStatus:Auth:DevSigningKey"] = options.DevSigningKey,
            ["CloudStatus:Central:Sweep:HeartbeatTimeout"] = options.HeartbeatTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["CloudStatus:Central:Sweep:SweepInterval"] = interval,
            ["CloudStatus:Central:Views:ViewInterval"] = interval,
            // An address conflict is reported within one period of central hearing it (issue 13): a pass every half period.
            ["CloudStatus:Central:Addresses:ReconcileInterval"] = options.ReconcileInterval.ToString("c", CultureInfo.InvariantCulture),
            // A returned primary gets its lease back after one heartbeat timeout of being heard (ADR 120).
            ["CloudStatus:Central:Leases:HandbackHoldoff"] = options.HeartbeatTimeout.ToString("c", CultureInfo.InvariantCulture),
        };
    }
}
