using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Transport.IotHub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Tests.IotHub;

public sealed class IotHubServiceCollectionExtensionsTests
{
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddIotHubModuleTransport(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddIotHubModuleTransport_ConnectionStringAndSection_ConfigureTheTransport()
    {
        using var provider = Build(new()
        {
            ["IotHub:ConnectionString"] = $"HostName=hub.azure-devices.net;DeviceId=srv-07;ModuleId=cloudstatus;SharedAccessKey={Key}",
            ["IotHub:Port"] = "8884",
            ["IotHub:KeepAlive"] = "00:00:30",
        });

        var transport = Assert.IsType<MqttIotHubTransport>(provider.GetRequiredService<IUpstreamTransport>());
        Assert.Same(transport, provider.GetRequiredService<MqttIotHubTransport>());
        Assert.Equal("srv-07/cloudstatus", transport.Options.ClientId);
        Assert.Equal("hub.azure-devices.net", transport.Options.EndpointHost);
        Assert.Equal(8884, transport.Options.Port);
        Assert.Equal(TimeSpan.FromSeconds(30), transport.Options.KeepAlive);
        Assert.Contains(provider.GetServices<IHostedService>(), s => s is IotHubTransportService);
    }

    [Fact]
    public void AddIotHubModuleTransport_EdgeHubConnectionString_WinsAndSetsGateway()
    {
        using var provider = Build(new()
        {
            ["IotHub:ConnectionString"] = $"HostName=hub.azure-devices.net;DeviceId=srv-07;ModuleId=cloudstatus;SharedAccessKey={Key}",
            ["EdgeHubConnectionString"] = $"HostName=hub.azure-devices.net;DeviceId=srv-08;ModuleId=cloudstatus;SharedAccessKey={Key};GatewayHostName=edgehub",
        });

        var options = provider.GetRequiredService<IOptions<IotHubTransportOptions>>().Value;
        Assert.Equal("srv-08", options.DeviceId);
        Assert.Equal("edgehub", options.EndpointHost);
    }

    [Fact]
    public void AddIotHubModuleTransport_NoConnectionString_FailsWithClearMessage()
    {
        using var provider = Build(new() { ["IotHub:HostName"] = "hub", ["IotHub:DeviceId"] = "d", ["IotHub:ModuleId"] = "m" });

        var exception = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IUpstreamTransport>());
        Assert.Contains("IotHub:ConnectionString", exception.Message, StringComparison.Ordinal);
    }
}
