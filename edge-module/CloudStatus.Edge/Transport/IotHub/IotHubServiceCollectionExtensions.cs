using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Transport.IotHub;

internal static class IotHubServiceCollectionExtensions
{
    /// <summary>The variable IoT Edge sets for a module when it hands out a connection string; it wins over configuration.</summary>
    public const string EdgeHubConnectionStringKey = "EdgeHubConnectionString";

    public const string ConnectionStringKey = IotHubTransportOptions.SectionName + ":ConnectionString";

    /// <summary>
    /// Registers <see cref="MqttIotHubTransport"/> as the <see cref="IUpstreamTransport"/> and runs its connection loop as
    /// a hosted service. The identity comes from <c>EdgeHubConnectionString</c> or <c>IotHub:ConnectionString</c>; the
    /// rest of the <c>IotHub</c> section (Port, UseTls, KeepAlive, …) binds onto <see cref="IotHubTransportOptions"/>.
    /// A registered <see cref="IDirectMethodHandler"/> answers direct methods.
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
                }
            })
            .Bind(configuration.GetSection(IotHubTransportOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IotHubTransportOptions>, IotHubTransportOptionsValidator>());

        services.TryAddSingleton<ISasTokenProvider>(_ =>
        {
            var connectionString = ResolveConnectionString(configuration)
                ?? throw new InvalidOperationException(
                    $"No IoT Hub module identity: set {ConnectionStringKey} or {EdgeHubConnectionStringKey} (the IoT Edge workload API signer is not available yet).");
            return new SharedAccessKeySasTokenProvider(ModuleConnectionString.Parse(connectionString).SharedAccessKey);
        });
        services.TryAddSingleton(sp => new MqttIotHubTransport(
            sp.GetRequiredService<IOptions<IotHubTransportOptions>>().Value,
            sp.GetRequiredService<ISasTokenProvider>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<MqttIotHubTransport>>()));
        services.TryAddSingleton<IUpstreamTransport>(sp => sp.GetRequiredService<MqttIotHubTransport>());
        services.AddHostedService<IotHubTransportService>();
        return services;
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
