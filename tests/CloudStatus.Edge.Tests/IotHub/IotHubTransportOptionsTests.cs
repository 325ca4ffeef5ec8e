using CloudStatus.Edge.Transport.IotHub;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Tests.IotHub;

public sealed class IotHubTransportOptionsTests
{
    private static IotHubTransportOptions Valid() => new() { HostName = "hub.azure-devices.net", DeviceId = "srv-01", ModuleId = "cloudstatus" };

    [Fact]
    public void Defaults_WithIdentity_AreValidAndIotHubLike()
    {
        var options = Valid();

        IotHubTransportOptionsValidator.ThrowIfInvalid(options);
        Assert.Equal(8883, options.EffectivePort);
        Assert.Equal(IotHubTransportKind.Mqtt, options.Transport);
        Assert.True(options.UseTls);
        Assert.Equal(TimeSpan.FromHours(1), options.TokenLifetime);
        Assert.Equal(TimeSpan.FromSeconds(60), options.KeepAlive);
        Assert.Equal("hub.azure-devices.net", options.EndpointHost);
        Assert.Equal("srv-01/cloudstatus", options.ClientId);
        Assert.Equal("hub.azure-devices.net/srv-01/cloudstatus/?api-version=2021-04-12", options.UserName);
    }

    [Fact]
    public void EndpointHost_WithGateway_IsTheGateway()
    {
        var options = Valid();
        options.GatewayHostName = "edgehub";

        Assert.Equal("edgehub", options.EndpointHost);
        Assert.StartsWith("hub.azure-devices.net/", options.UserName, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingIdentity_Fails()
    {
        var exception = Assert.Throws<OptionsValidationException>(() => IotHubTransportOptionsValidator.ThrowIfInvalid(new IotHubTransportOptions()));

        Assert.Contains(exception.Failures, f => f.Contains(nameof(IotHubTransportOptions.HostName), StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.Contains(nameof(IotHubTransportOptions.DeviceId), StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MaxDelayBelowMin_Fails()
    {
        var options = Valid();
        options.ReconnectMinDelay = TimeSpan.FromSeconds(10);
        options.ReconnectMaxDelay = TimeSpan.FromSeconds(1);

        var exception = Assert.Throws<OptionsValidationException>(() => IotHubTransportOptionsValidator.ThrowIfInvalid(options));

        Assert.Contains(exception.Failures, f => f.Contains(nameof(IotHubTransportOptions.ReconnectMaxDelay), StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_OutOfRangeDurationsAndWildcardIds_Fail()
    {
        var options = Valid();
        options.TokenLifetime = TimeSpan.FromSeconds(5);
        options.KeepAlive = TimeSpan.FromHours(1);
        options.ModuleId = "m/#";

        var exception = Assert.Throws<OptionsValidationException>(() => IotHubTransportOptionsValidator.ThrowIfInvalid(options));

        Assert.Contains(exception.Failures, f => f.Contains(nameof(IotHubTransportOptions.TokenLifetime), StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.Contains(nameof(IotHubTransportOptions.KeepAlive), StringComparison.Ordinal));
        Assert.Contains(exception.Failures, f => f.Contains(nameof(IotHubTransportOptions.ModuleId), StringComparison.Ordinal));
    }
}
