using System.Collections.Concurrent;
using System.Text;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Functions.Commands;
using MQTTnet;
using MQTTnet.Protocol;

namespace CloudStatus.Dev.Tests.Hub;

public sealed class DevIotHubDirectMethodTests
{
    private static readonly TimeSpan ResponseTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task InvokeAsync_ConnectedModule_ReturnsItsAnswer()
    {
        await using var harness = await HubHarness.StartAsync();
        var handler = new RecordingMethodHandler("srv-01");
        await harness.RunModuleAsync("srv-01", handler);

        var outcome = await harness.Hub.InvokeAsync("srv-01", "cloudstatus", "reboot", Encoding.UTF8.GetBytes("{\"producerId\":\"srv-01.sw-01\"}"), ResponseTimeout);

        Assert.Equal(DirectMethodStatus.Answered, outcome.Status);
        Assert.True(outcome.Succeeded);
        Assert.Equal(200, outcome.ResponseStatus);
        Assert.Equal("{\"server\":\"srv-01\",\"method\":\"reboot\",\"payload\":{\"producerId\":\"srv-01.sw-01\"}}", outcome.PayloadJson);
        Assert.Equal(("reboot", "{\"producerId\":\"srv-01.sw-01\"}"), Assert.Single(handler.Calls));
    }

    [Fact]
    public async Task InvokeAsync_ModuleNotConnected_DeviceOffline()
    {
        await using var harness = await HubHarness.StartAsync();

        var outcome = await harness.Hub.InvokeAsync("srv-09", "cloudstatus", "reboot", "{}"u8.ToArray(), ResponseTimeout);

        Assert.Equal(DirectMethodStatus.DeviceOffline, outcome.Status);
        Assert.Null(outcome.ResponseStatus);
    }

    [Fact]
    public async Task InvokeAsync_ConnectedButNotSubscribed_DeviceOffline()
    {
        await using var harness = await HubHarness.StartAsync();
        await harness.RunModuleAsync("srv-01");

        var outcome = await harness.Hub.InvokeAsync("srv-01", "cloudstatus", "reboot", "{}"u8.ToArray(), ResponseTimeout);

        Assert.Equal(DirectMethodStatus.DeviceOffline, outcome.Status);
    }

    [Fact]
    public async Task InvokeAsync_HandlerNeverAnswers_Timeout()
    {
        await using var harness = await HubHarness.StartAsync();
        var handler = new RecordingMethodHandler("srv-01", neverAnswer: true);
        await harness.RunModuleAsync("srv-01", handler);

        var invoke = harness.Hub.InvokeAsync("srv-01", "cloudstatus", "history", "{}"u8.ToArray(), ResponseTimeout);
        await Eventually.TrueAsync(() => !handler.Calls.IsEmpty, "the module received the request");
        Assert.False(invoke.IsCompleted);

        // The hub's clock is fake: advance it until its wait (registered around delivery) times out.
        await Eventually.TrueAsync(
            () =>
            {
                harness.Time.Advance(ResponseTimeout);
                return invoke.IsCompleted;
            },
            "the invocation timed out");
        var outcome = await invoke;

        Assert.Equal(DirectMethodStatus.Timeout, outcome.Status);
    }

    [Fact]
    public async Task InvokeAsync_TwoModulesConnected_OnlyTheTargetReceivesIt()
    {
        await using var harness = await HubHarness.StartAsync();
        var first = new RecordingMethodHandler("srv-01");
        var second = new RecordingMethodHandler("srv-02");
        await harness.RunModuleAsync("srv-01", first);
        await harness.RunModuleAsync("srv-02", second);
        var eavesdropped = new ConcurrentQueue<string>();
        var eavesdropper = await harness.ConnectRawAsync("srv-03/cloudstatus", harness.UserName("srv-03"), harness.Token("srv-03"), eavesdropped);
        await eavesdropper.SubscribeAsync(IotHubTopics.MethodRequestFilter, MqttQualityOfServiceLevel.AtLeastOnce);

        var toSecond = await harness.Hub.InvokeAsync("srv-02", "cloudstatus", "resync", "{\"fromSeq\":0}"u8.ToArray(), ResponseTimeout);
        var toFirst = await harness.Hub.InvokeAsync("srv-01", "cloudstatus", "reboot", "{}"u8.ToArray(), ResponseTimeout);

        Assert.Contains("\"server\":\"srv-02\"", toSecond.PayloadJson, StringComparison.Ordinal);
        Assert.Contains("\"server\":\"srv-01\"", toFirst.PayloadJson, StringComparison.Ordinal);
        Assert.Equal("resync", Assert.Single(second.Calls).Method);
        Assert.Equal("reboot", Assert.Single(first.Calls).Method);
        Assert.Empty(eavesdropped);
    }

    [Fact]
    public async Task MethodResponse_FromAnotherModule_IsIgnored()
    {
        await using var harness = await HubHarness.StartAsync();
        await harness.RunModuleAsync("srv-01", new RecordingMethodHandler("srv-01", neverAnswer: true));
        var intruder = await harness.ConnectRawAsync("srv-02/cloudstatus", harness.UserName("srv-02"), harness.Token("srv-02"));

        var invoke = harness.Hub.InvokeAsync("srv-01", "cloudstatus", "reboot", "{}"u8.ToArray(), ResponseTimeout);
        // Request ids are sequential per hub: this is the first.
        await intruder.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(IotHubTopics.MethodResponse(200, "1"))
            .WithPayload("{\"forged\":true}")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        await Eventually.TrueAsync(
            () =>
            {
                harness.Time.Advance(ResponseTimeout);
                return invoke.IsCompleted;
            },
            "the invocation timed out");

        Assert.Equal(DirectMethodStatus.Timeout, (await invoke).Status);
    }

    [Fact]
    public async Task InvokeAsync_HubStopped_Failed()
    {
        await using var harness = await HubHarness.StartAsync();
        await harness.Hub.StopAsync();

        var outcome = await harness.Hub.InvokeAsync("srv-01", "cloudstatus", "reboot", "{}"u8.ToArray(), ResponseTimeout);

        Assert.Equal(DirectMethodStatus.Failed, outcome.Status);
    }
}
