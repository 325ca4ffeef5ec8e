using CloudStatus.Dev.Hub;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Transport.IotHub.Sas;
using MQTTnet;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Dev.Tests.Hub;

public sealed class DevIotHubConnectionTests
{
    [Fact]
    public async Task StartAsync_PortZero_PicksAndExposesAFreePort()
    {
        await using var harness = await HubHarness.StartAsync();

        Assert.True(harness.Hub.IsRunning);
        Assert.InRange(harness.Hub.Port, 1, 65535);
    }

    [Fact]
    public async Task Connect_ModuleTransport_IsListedInConnectedModules()
    {
        await using var harness = await HubHarness.StartAsync();

        await harness.RunModuleAsync("srv-01");

        var module = Assert.Single(harness.Hub.ConnectedModules);
        Assert.Equal("srv-01", module.DeviceId);
        Assert.Equal(HubHarness.ModuleId, module.ModuleId);
        Assert.False(module.MethodsSubscribed);
    }

    [Fact]
    public async Task Connect_KeyDerivedFromAnotherMasterKey_IsRefusedAsNotAuthorized()
    {
        await using var harness = await HubHarness.StartAsync();
        var wrongMaster = DevHubKeys.NewMasterKey();

        var transport = await harness.RunModuleAsync(
            "srv-01",
            connectionString: DevHubKeys.ConnectionString(harness.Hub.HostName, "127.0.0.1", "srv-01", HubHarness.ModuleId, wrongMaster),
            waitConnected: false);
        var (_, result) = await harness.TryConnectRawAsync("srv-02/cloudstatus", harness.UserName("srv-02"), harness.Token("srv-02", wrongMaster));

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, result);
        Assert.False(transport.IsConnected);
        Assert.Empty(harness.Hub.ConnectedModules);
        await Assert.ThrowsAsync<TransportUnavailableException>(() => transport.SendAsync(new OutboundMessage([1], "m", "application/json", null, new Dictionary<string, string>())));
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("other-identity")]
    [InlineData("garbage")]
    public async Task Connect_BadToken_IsRefusedAsNotAuthorized(string kind)
    {
        await using var harness = await HubHarness.StartAsync();
        var password = kind switch
        {
            "expired" => harness.Token("srv-01", expiry: harness.Time.GetUtcNow().AddSeconds(-1)),
            "other-identity" => harness.Token("srv-02"),
            _ => "SharedAccessSignature nonsense",
        };

        var (client, result) = await harness.TryConnectRawAsync("srv-01/cloudstatus", harness.UserName("srv-01"), password);

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, result);
        Assert.False(client.IsConnected);
    }

    [Theory]
    [InlineData("srv-01", "other.azure-devices.net/srv-01/cloudstatus/?api-version=2021-04-12", MqttClientConnectResultCode.BadUserNameOrPassword)]
    [InlineData("srv-01", "{hub}/srv-02/cloudstatus/?api-version=2021-04-12", MqttClientConnectResultCode.BadUserNameOrPassword)]
    [InlineData("srv-01", "{hub}/srv-01/cloudstatus/", MqttClientConnectResultCode.BadUserNameOrPassword)]
    [InlineData("srv-01-no-module", "{hub}/srv-01/cloudstatus/?api-version=2021-04-12", MqttClientConnectResultCode.ClientIdentifierNotValid)]
    public async Task Connect_WrongClientIdOrUserName_IsRefused(string clientId, string userName, MqttClientConnectResultCode expected)
    {
        await using var harness = await HubHarness.StartAsync();
        var effectiveClientId = clientId == "srv-01" ? "srv-01/cloudstatus" : clientId;

        var (_, result) = await harness.TryConnectRawAsync(
            effectiveClientId,
            userName.Replace("{hub}", harness.Hub.HostName, StringComparison.Ordinal),
            harness.Token("srv-01"));

        Assert.Equal(expected, result);
    }

    [Fact]
    public async Task Connect_SecondConnectionSameIdentity_DropsTheFirst()
    {
        await using var harness = await HubHarness.StartAsync();
        var first = await harness.ConnectRawAsync("srv-01/cloudstatus", harness.UserName("srv-01"), harness.Token("srv-01"));
        var firstDropped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.DisconnectedAsync += _ =>
        {
            firstDropped.TrySetResult();
            return Task.CompletedTask;
        };

        var second = await harness.ConnectRawAsync("srv-01/cloudstatus", harness.UserName("srv-01"), harness.Token("srv-01"));

        await Eventually.Within(firstDropped.Task);
        Assert.False(first.IsConnected);
        Assert.True(second.IsConnected);
        await Eventually.TrueAsync(() => harness.Hub.ConnectedModules.Count == 1, "the hub lists one connection");
    }

    [Fact]
    public async Task StopAndStart_SamePort_TransportReconnectsAndSends()
    {
        await using var harness = await HubHarness.StartAsync();
        var transport = await harness.RunModuleAsync("srv-01");
        var port = harness.Hub.Port;

        await harness.Hub.StopAsync();
        await Eventually.TrueAsync(() => !transport.IsConnected, "the transport noticed the hub stopped");
        Assert.Empty(harness.Hub.ConnectedModules);
        await harness.Hub.StartAsync();
        await Eventually.TrueAsync(() => transport.IsConnected, "the transport reconnected");
        await transport.SendAsync(new OutboundMessage([7], "after-restart", "application/json", null, new Dictionary<string, string>()));

        Assert.Equal(port, harness.Hub.Port);
        Assert.Equal("after-restart", Assert.Single(harness.Sink.Messages).MessageId);
    }

    [Fact]
    public async Task Constructor_ConfiguredMasterKey_IsUsedForModuleKeys()
    {
        var master = DevHubKeys.NewMasterKey();
        await using var hub = new DevIotHub(new DevIotHubOptions { MasterKey = master }, new RecordingSink(), new FakeTimeProvider(), NullLogger<DevIotHub>.Instance);

        Assert.Equal(
            DevHubKeys.ConnectionString(hub.HostName, "127.0.0.1", "srv-09", "cloudstatus", master),
            hub.GetModuleConnectionString("srv-09", "cloudstatus"));
        Assert.Equal(0, hub.Port);
        Assert.False(hub.IsRunning);
    }
}
