using System.Text;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Functions.Commands;
using MQTTnet;
using MQTTnet.Protocol;

namespace CloudStatus.Dev.Tests.Hub;

/// <summary>Sessions, subscriptions and publish topics as IoT Hub handles them.</summary>
public sealed class DevIotHubSessionTests
{
    [Fact]
    public async Task Reconnect_CleanSessionFalse_SessionPresentAndSubscriptionsKept()
    {
        await using var harness = await HubHarness.StartAsync();
        using (var first = await RawModuleClient.ConnectAsync(harness, "srv-01", cleanSession: false))
        {
            Assert.False(first.SessionPresent);
            await first.SubscribeAsync(IotHubTopics.MethodRequestFilter);
            await first.Client.DisconnectAsync(new MqttClientDisconnectOptions());
        }

        await Eventually.TrueAsync(() => harness.Hub.ConnectedModules.Count == 0, "the first connection is gone");
        using var second = await RawModuleClient.ConnectAsync(harness, "srv-01", cleanSession: false);
        Assert.True(second.SessionPresent);
        await Eventually.TrueAsync(() => harness.Hub.ConnectedModules.Count == 1, "the hub lists the module again");
        var invoke = harness.Hub.InvokeAsync("srv-01", HubHarness.ModuleId, "reboot", "{}"u8.ToArray(), TimeSpan.FromSeconds(30));
        var (topic, _) = await second.NextAsync(IotHubTopics.MethodRequestPrefix);
        Assert.True(IotHubTopics.TryParseMethodRequest(topic, out _, out var requestId));
        await second.PublishAsync(IotHubTopics.MethodResponse(200, requestId), "{}", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal(DirectMethodStatus.Answered, (await Eventually.Within(invoke)).Status);
    }

    [Fact]
    public async Task Reconnect_CleanSessionTrue_StartsOver()
    {
        await using var harness = await HubHarness.StartAsync();
        using (var first = await RawModuleClient.ConnectAsync(harness, "srv-01", cleanSession: false))
        {
            await first.SubscribeAsync(IotHubTopics.MethodRequestFilter);
            await first.Client.DisconnectAsync(new MqttClientDisconnectOptions());
        }

        await Eventually.TrueAsync(() => harness.Hub.ConnectedModules.Count == 0, "the first connection is gone");
        using var second = await RawModuleClient.ConnectAsync(harness, "srv-01", cleanSession: true);
        await Eventually.TrueAsync(() => harness.Hub.ConnectedModules.Count == 1, "the hub lists the module again");
        var outcome = await harness.Hub.InvokeAsync("srv-01", HubHarness.ModuleId, "reboot", "{}"u8.ToArray(), TimeSpan.FromSeconds(30));

        Assert.False(second.SessionPresent);
        Assert.Equal(DirectMethodStatus.DeviceOffline, outcome.Status);
    }

    [Fact]
    public async Task Publish_UnknownTopic_ClosesTheConnectionWithoutForwarding()
    {
        await using var harness = await HubHarness.StartAsync();
        using var module = await RawModuleClient.ConnectAsync(harness, "srv-01", cleanSession: true);

        // Never acknowledged: MQTT 3.1.1 has no negative PUBACK, so IoT Hub refuses by closing the connection.
        await Assert.ThrowsAnyAsync<Exception>(() => module.PublishAsync("devices/srv-01/modules/cloudstatus/messages/devicebound/x", "{}", MqttQualityOfServiceLevel.AtLeastOnce));

        await Eventually.TrueAsync(() => !module.Client.IsConnected, "the hub closed the connection");
        Assert.Empty(harness.Sink.Messages);
    }

    [Fact]
    public async Task Publish_ModuleOutputEvent_IsADeviceToCloudMessage()
    {
        await using var harness = await HubHarness.StartAsync();
        using var module = await RawModuleClient.ConnectAsync(harness, "srv-01", cleanSession: true);

        await module.PublishAsync(
            IotHubTopics.DeviceToCloud("srv-01", HubHarness.ModuleId, [new("$.on", "status"), new("$.mid", "out-1")]),
            "{\"n\":1}",
            MqttQualityOfServiceLevel.AtLeastOnce);

        var message = Assert.Single(harness.Sink.Messages);
        Assert.Equal(("srv-01", "out-1", "{\"n\":1}"), (message.DeviceId, message.MessageId, Encoding.UTF8.GetString(message.Body.Span)));
    }

    [Fact]
    public async Task Subscribe_OwnInputs_GrantedAnotherModulesRefused()
    {
        await using var harness = await HubHarness.StartAsync();
        using var module = await RawModuleClient.ConnectAsync(harness, "srv-01", cleanSession: true);

        var own = await module.Client.SubscribeAsync("devices/srv-01/modules/cloudstatus/inputs/#", MqttQualityOfServiceLevel.AtLeastOnce);
        var foreign = await module.Client.SubscribeAsync("devices/srv-02/modules/cloudstatus/inputs/#", MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, own.Items.Single().ResultCode);
        Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, foreign.Items.Single().ResultCode);
    }
}
