using System.Diagnostics.Metrics;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Peers;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Producers.Reachability;
using CloudStatus.Edge.Producers.Sip;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Edge.Twin;
using CloudStatus.Hosting.Health;
using CloudStatus.Hosting.Loops;
using CloudStatus.Hosting.Telemetry;
using CloudStatus.Hosting.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Hosting;

/// <summary>Everything the deployable edge module registers (used by Program.cs).</summary>
internal static class EdgeModuleServiceCollectionExtensions
{
    /// <summary>IoT Edge sets this for every module; it is the local server's id when ServerId is not configured.</summary>
    public const string IotEdgeDeviceIdKey = "IOTEDGE_DEVICEID";

    /// <summary>The module's own switch for console telemetry (besides the shared <c>CloudStatus:Telemetry:Console</c>).</summary>
    public const string ConsoleTelemetryKey = EdgeNodeOptions.SectionName + ":Telemetry:Console";

    /// <summary>The OpenTelemetry service name of the module.</summary>
    public const string ServiceName = "cloudstatus-edge";

    public static IServiceCollection AddEdgeModule(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);

        services.AddValidatedOptions<EdgeNodeOptions>(configuration, EdgeNodeOptions.SectionName, o => o.Validate())
            .PostConfigure(options =>
            {
                if (string.IsNullOrEmpty(options.ServerId) && configuration[IotEdgeDeviceIdKey] is { Length: > 0 } deviceId)
                {
                    options.ServerId = deviceId;
                }
            });

        services.AddSingleton(sp => new EdgeNode(
            sp.GetRequiredService<IOptions<EdgeNodeOptions>>().Value,
            sp.GetRequiredService<IUpstreamTransport>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            producerControl: new ConfiguredProbesControl(sp.GetServices<IHostedService>),
            sp.GetService<IMeterFactory>(),
            sp.GetRequiredService<LoopHeartbeats>()));
        services.AddSingleton(sp => sp.GetRequiredService<EdgeNode>().CommandHandler);

        // The module twin's desired properties tune the running node; the transport reports the outcome.
        services.AddSingleton<IModuleTwinHandler>(sp => new TwinConfigurationHandler(
            sp.GetRequiredService<EdgeNode>(),
            sp.GetRequiredService<IOptions<EdgeNodeOptions>>().Value,
            sp.GetRequiredService<MqttIotHubTransport>(),
            sp.GetRequiredService<ILogger<TwinConfigurationHandler>>()));
        services.AddSingleton(sp => sp.GetRequiredService<EdgeNode>().Intake);

        // The peer-to-peer interface on the site LAN (ADR 145): off without a site key. Started before the node, so the
        // neighbours central sends after the node's first registration find its directory.
        services.AddValidatedOptions<PeerLinkOptions>(configuration, PeerLinkOptions.SectionName, o => o.Validate());
        services.AddSingleton<PeerEndpointService>();
        services.AddHostedService(sp => sp.GetRequiredService<PeerEndpointService>());
        services.AddHostedService<EdgeNodeHostedService>();

        // The single place the upstream transport plugs in: IoT Hub / edgeHub over MQTT, identity from
        // EdgeHubConnectionString, IotHub:ConnectionString or the IoT Edge workload API. It attaches the
        // IDirectMethodHandler and IModuleTwinHandler registered above.
        services.AddIotHubModuleTransport(configuration);

        // Producer adapters: the push endpoint (mapped by Program) and the health pollers.
        services.AddValidatedOptions<ProducerPushAuthOptions>(configuration, ProducerPushAuthOptions.SectionName, o => o.Validate(Environment.GetEnvironmentVariable));
        services.AddProducerPushApi();
        services.AddProblemDetails();
        services.AddValidatedOptions<HealthPollingOptions>(configuration, HealthPollingOptions.SectionName, o => o.Validate());
        services.AddHttpClient<HttpHealthPoller>();
        services.AddHostedService<HealthPollingService>();
        services.AddValidatedOptions<SipQualifyOptions>(configuration, SipQualifyOptions.SectionName, o => o.Validate());
        services.AddSingleton<SipQualifier>();
        services.AddHostedService<SipQualifyService>();
        services.AddValidatedOptions<ReachabilityOptions>(configuration, ReachabilityOptions.SectionName, o => o.Validate());
        services.AddSingleton<ReachabilityProber>();
        services.AddHostedService<ReachabilityService>();

        // /healthz: the node runs and its loops are not hung; /readyz: also the heap mirror answers and the hub is connected.
        services.AddCloudStatusHealthChecks()
            .AddCheck<EdgeNodeHealthCheck>("edge-node", tags: HealthTags.LiveAndReady, timeout: HealthEndpoints.CheckTimeout)
            .AddCheck<HeapMirrorHealthCheck>("heap-mirror", tags: HealthTags.ReadyOnly, timeout: HealthEndpoints.CheckTimeout)
            .AddCheck<UpstreamHealthCheck>("iot-hub", tags: HealthTags.ReadyOnly, timeout: HealthEndpoints.CheckTimeout);

        // A liveness that stays unhealthy stops the module; edgeAgent's restartPolicy brings it back (ADR 0100).
        services.AddHostedService<LivenessWatchdog>();

        services.AddCloudStatusTelemetry(configuration, ServiceName, meters: [EdgeMetrics.MeterName], consoleKey: ConsoleTelemetryKey);
        return services;
    }
}
