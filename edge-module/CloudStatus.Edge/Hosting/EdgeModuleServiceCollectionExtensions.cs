using System.Diagnostics.Metrics;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Edge.Twin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CloudStatus.Edge.Hosting;

/// <summary>Everything the deployable edge module registers (used by Program.cs).</summary>
internal static class EdgeModuleServiceCollectionExtensions
{
    /// <summary>IoT Edge sets this for every module; it is the local server's id when ServerId is not configured.</summary>
    public const string IotEdgeDeviceIdKey = "IOTEDGE_DEVICEID";

    public const string ConsoleTelemetryKey = EdgeNodeOptions.SectionName + ":Telemetry:Console";

    public static IServiceCollection AddEdgeModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<EdgeNodeOptions>()
            .Bind(configuration.GetSection(EdgeNodeOptions.SectionName))
            .PostConfigure(options =>
            {
                if (string.IsNullOrEmpty(options.ServerId) && configuration[IotEdgeDeviceIdKey] is { Length: > 0 } deviceId)
                {
                    options.ServerId = deviceId;
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EdgeNodeOptions>, EdgeNodeOptionsValidator>());

        services.AddSingleton(sp => new EdgeNode(
            sp.GetRequiredService<IOptions<EdgeNodeOptions>>().Value,
            sp.GetRequiredService<IUpstreamTransport>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            producerControl: null,
            sp.GetService<IMeterFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<EdgeNode>().CommandHandler);

        // The module twin's desired properties tune the running node; the transport reports the outcome.
        services.AddSingleton<IModuleTwinHandler>(sp => new TwinConfigurationHandler(
            sp.GetRequiredService<EdgeNode>(),
            sp.GetRequiredService<IOptions<EdgeNodeOptions>>().Value,
            sp.GetRequiredService<MqttIotHubTransport>(),
            sp.GetRequiredService<ILogger<TwinConfigurationHandler>>()));
        services.AddSingleton(sp => sp.GetRequiredService<EdgeNode>().Intake);
        services.AddHostedService<EdgeNodeHostedService>();

        // The single place the upstream transport plugs in: IoT Hub / edgeHub over MQTT, identity from
        // EdgeHubConnectionString, IotHub:ConnectionString or the IoT Edge workload API. It attaches the
        // IDirectMethodHandler and IModuleTwinHandler registered above.
        services.AddIotHubModuleTransport(configuration);

        // Producer adapters: the push endpoint (mapped by Program) and the health pollers.
        services.AddProducerPushApi();
        services.AddProblemDetails();
        services.AddOptions<HealthPollingOptions>()
            .Bind(configuration.GetSection(HealthPollingOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HealthPollingOptions>, HealthPollingOptionsValidator>());
        services.AddHttpClient<HttpHealthPoller>();
        services.AddHostedService<HealthPollingService>();

        var console = configuration.GetValue<bool>(ConsoleTelemetryKey);
        services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(EdgeMetrics.MeterName).AddAspNetCoreInstrumentation();
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
}
