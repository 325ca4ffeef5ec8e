using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Hosting;
using CloudStatus.Functions.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CloudStatus.Functions.Tests.Commands;

/// <summary>Which direct-method client central uses, and the IoT Hub settings checked at start.</summary>
public sealed class IotHubRegistrationTests : IDisposable
{
    private readonly TempDirectory _directory = new("functions");

    public void Dispose() => _directory.Dispose();

    private ServiceProvider Central(Dictionary<string, string?> settings, Action<IServiceCollection>? before = null)
    {
        settings["CloudStatus:Central:Store:DataDirectory"] = _directory.Path;
        var services = new ServiceCollection();
        services.AddLogging();
        before?.Invoke(services);
        services.AddCloudStatusCentral(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task AddCloudStatusCentral_HostNameSet_DirectMethodsGoThroughIotHub()
    {
        await using var services = Central(new() { ["CloudStatus:Central:Commands:IotHub:HostName"] = "cs-hub.azure-devices.net" });

        Assert.IsType<IotHubDirectMethodClient>(services.GetRequiredService<IDirectMethodClient>());
        Assert.Equal(new Uri("https://cs-hub.azure-devices.net/"), services.GetRequiredService<IOptions<IotHubOptions>>().Value.BaseAddress);
    }

    [Fact]
    public async Task AddCloudStatusCentral_NoHostName_DirectMethodsFailPlainly()
    {
        await using var services = Central([]);

        Assert.IsType<UnconfiguredDirectMethodClient>(services.GetRequiredService<IDirectMethodClient>());
    }

    [Fact]
    public async Task AddCloudStatusCentral_HostRegisteredItsOwnClient_ItWinsOverIotHub()
    {
        var own = new FakeDirectMethodClient();
        await using var services = Central(
            new() { ["CloudStatus:Central:Commands:IotHub:HostName"] = "cs-hub.azure-devices.net" },
            s => s.AddSingleton<IDirectMethodClient>(own));

        Assert.Same(own, services.GetRequiredService<IDirectMethodClient>());
    }

    [Theory]
    [InlineData("HostName", "https://cs-hub.azure-devices.net", "HostName must be the hub's host name")]
    [InlineData("HostName", "cs-hub.azure-devices.net/path", "HostName must be the hub's host name")]
    [InlineData("ConnectTimeout", "00:06:00", "ConnectTimeout must be between 0 and 300 s")]
    [InlineData("ServiceUri", "ftp://x/", "ServiceUri must be an absolute http(s) address")]
    public async Task IotHubOptions_BadSetting_FailsNamingIt(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { ["CloudStatus:Central:Commands:IotHub:" + key] = value };
        if (key != "HostName")
        {
            settings["CloudStatus:Central:Commands:IotHub:HostName"] = "cs-hub.azure-devices.net";
        }

        await using var services = Central(settings);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<IotHubOptions>>().Value);
        Assert.Contains("CloudStatus:Central:Commands:IotHub:" + message, error.Message, StringComparison.Ordinal);
    }
}
