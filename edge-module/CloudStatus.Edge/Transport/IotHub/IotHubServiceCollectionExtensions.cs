using CloudStatus.Edge.Transport.IotHub.Sas;
using CloudStatus.Edge.Transport.IotHub.Workload;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Transport.IotHub;

internal static class IotHubServiceCollectionExtensions
{
    /// <summary>The variable IoT Edge (or a developer's tooling) sets to hand a module a connection string; it wins over everything.</summary>
    public const string EdgeHubConnectionStringKey = "EdgeHubConnectionString";

    /// <summary>The CA certificate file that goes with <see cref="EdgeHubConnectionStringKey"/> (IoT Edge tooling's name for it).</summary>
    public const string EdgeModuleCaCertificateFileKey = "EdgeModuleCACertificateFile";

    public const string ConnectionStringKey = IotHubTransportOptions.SectionName + ":ConnectionString";

    /// <summary>
    /// Registers <see cref="MqttIotHubTransport"/> as the <see cref="IUpstreamTransport"/> and runs its connection loop as
    /// a hosted service. The identity comes from, in this order: <c>EdgeHubConnectionString</c>,
    /// <c>IotHub:ConnectionString</c> (the key signs locally), or the IoT Edge module environment (<c>IOTEDGE_*</c>:
    /// the workload API signs and its trust bundle vouches for edgeHub). The rest of the <c>IotHub</c> section
    /// (Transport, Port, UseTls, KeepAlive, …) binds onto <see cref="IotHubTransportOptions"/> and overrides.
    /// A registered <see cref="IDirectMethodHandler"/> answers direct methods; a registered
    /// <see cref="IModuleTwinHandler"/> receives the twin's desired properties.
    /// </summary>
    public static IServiceCollection AddIotHubModuleTransport(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<IotHubTransportOptions>()
            .Configure(options =>
            {
                var connectionString = ResolveConnectionString(configuration);
                if (connectionString is not null)
                {
                    IotHubTransportFactory.ApplyConnectionString(ModuleConnectionString.Parse(connectionString), options);
                    options.CaCertificateFile = configuration[EdgeModuleCaCertificateFileKey];
                }
                else if (IotEdgeEnvironment.TryRead(configuration) is { } edge)
                {
                    ApplyIotEdgeEnvironment(edge, options);
                }
            })
            .Bind(configuration.GetSection(IotHubTransportOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IotHubTransportOptions>, IotHubTransportOptionsValidator>());

        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<IotHubTransportOptions>>().Value;
            if (ResolveConnectionString(configuration) is { } connectionString)
            {
                return ModuleCredentials.FromConnectionString(ModuleConnectionString.Parse(connectionString), options);
            }

            return IotEdgeEnvironment.TryRead(configuration) is { } edge
                ? ModuleCredentials.FromIotEdge(edge, options)
                : throw new InvalidOperationException(
                    $"No IoT Hub module identity: set {ConnectionStringKey} or {EdgeHubConnectionStringKey}, or run as an IoT Edge module ({IotEdgeEnvironment.WorkloadUriKey}).");
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<ModuleCredentials>().Tokens);
        services.TryAddSingleton(sp => new MqttIotHubTransport(
            sp.GetRequiredService<IOptions<IotHubTransportOptions>>().Value,
            sp.GetRequiredService<ISasTokenProvider>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<MqttIotHubTransport>>(),
            sp.GetRequiredService<ModuleCredentials>().Trust));
        services.TryAddSingleton<IUpstreamTransport>(sp => sp.GetRequiredService<MqttIotHubTransport>());
        services.AddHostedService<IotHubTransportService>();
        return services;
    }

    /// <summary>Copies the IoT Edge module identity and gateway into the options.</summary>
    public static void ApplyIotEdgeEnvironment(IotEdgeEnvironment environment, IotHubTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        options.HostName = environment.IotHubHostName;
        options.DeviceId = environment.DeviceId;
        options.ModuleId = environment.ModuleId;
        options.GatewayHostName = environment.GatewayHostName;
    }

    private static string? ResolveConnectionString(IConfiguration configuration)
    {
        var value = configuration[EdgeHubConnectionStringKey];
        if (string.IsNullOrWhiteSpace(value))
        {
            value = configuration[ConnectionStringKey];
        }

        return string.IsNullOrWhiteSpace(value) ? null : value;
    }
}
