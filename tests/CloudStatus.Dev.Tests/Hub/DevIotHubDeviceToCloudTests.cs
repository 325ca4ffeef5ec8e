using System.Text;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Transport.IotHub;
using MQTTnet;
using MQTTnet.Protocol;

namespace CloudStatus.Dev.Tests.Hub;

public sealed class DevIotHubDeviceToCloudTests
{
    private static OutboundMessage Message(string id, string body = "{\"n\":1}") => new(
        Encoding.UTF8.GetBytes(body),
        id,
        "application/json",
        "gzip",
        new Dictionary<string, string> { ["csSchema"] = "cloudstatus.batch/v1", ["csKind"] = "async", ["odd key&="] = "a/b c%" });

    [Fact]
    public async Task SendAsync_AuthenticatedModule_ReachesSinkWithIdentityAndProperties()
    {
        await using var harness = await HubHarness.StartAsync();
        var transport = await harness.RunModuleAsync("srv-01");

        await transport.SendAsync(Message("m-1"));
        await transport.SendAsync(Message("m-2", "{\"n\":2}"));

        var messages = harness.Sink.Messages.ToArray();
        Assert.Equal(2, messages.Length);
        var first = messages[0];
        Assert.Equal("srv-01", first.DeviceId);
        Assert.Equal("cloudstatus", first.ModuleId);
        Assert.Equal("m-1", first.MessageId);
        Assert.Equal("application/json", first.ContentType);
        Assert.Equal("gzip", first.ContentEncoding);
        Assert.Equal("{\"n\":1}", Encoding.UTF8.GetString(first.Body.Span));
        Assert.Equal(
            new Dictionary<string, string> { ["csSchema"] = "cloudstatus.batch/v1", ["csKind"] = "async", ["odd key&="] = "a/b c%" },
            first.Properties);
        Assert.Equal(harness.Time.GetUtcNow(), first.EnqueuedTime);
        Assert.True(messages[1].SequenceNumber > first.SequenceNumber);
        Assert.Equal("{\"n\":2}", Encoding.UTF8.GetString(messages[1].Body.Span));
    }

    [Fact]
    public async Task SendAsync_CompletesOnlyAfterSinkAccepted()
    {
        await using var harness = await HubHarness.StartAsync();
        var accept = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reachedSink = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Sink.BeforeAccept = _ =>
        {
            reachedSink.TrySetResult();
            return accept.Task;
        };
        var transport = await harness.RunModuleAsync("srv-01");

        var send = transport.SendAsync(Message("m-1"));
        await Eventually.Within(reachedSink.Task);
        Assert.False(send.IsCompleted);

        accept.SetResult();
        await Eventually.Within(send);
        Assert.Single(harness.Sink.Messages);
    }

    [Fact]
    public async Task SendAsync_SinkFails_NotAcknowledgedThenTransportRecovers()
    {
        await using var harness = await HubHarness.StartAsync();
        var failures = 1;
        harness.Sink.BeforeAccept = _ => Interlocked.Decrement(ref failures) >= 0
            ? Task.FromException(new InvalidOperationException("store down"))
            : Task.CompletedTask;
        var transport = await harness.RunModuleAsync("srv-01");

        await Assert.ThrowsAsync<TransportUnavailableException>(() => transport.SendAsync(Message("m-1")));

        await Eventually.TrueAsync(() => transport.IsConnected, "the transport reconnected");
        await transport.SendAsync(Message("m-1"));
        Assert.Equal("m-1", Assert.Single(harness.Sink.Messages).MessageId);
    }

    [Fact]
    public async Task Publish_OnAnotherDevicesTopic_IsNotForwarded()
    {
        await using var harness = await HubHarness.StartAsync();
        var client = await harness.ConnectRawAsync("srv-01/cloudstatus", harness.UserName("srv-01"), harness.Token("srv-01"));

        await client.PublishAsync(Publish(IotHubTopics.DeviceToCloud("srv-02", "cloudstatus", [new("$.mid", "forged")])));
        await client.PublishAsync(Publish(IotHubTopics.DeviceToCloud("srv-01", "other-module", [new("$.mid", "forged-module")])));
        await client.PublishAsync(Publish(IotHubTopics.DeviceToCloud("srv-01", "cloudstatus", [new("$.mid", "own")])));

        // Publishes of one connection are handled in order: once "own" is in, the others were already dropped.
        // (A topic IoT Hub does not serve at all closes the connection: DevIotHubSessionTests.)
        await Eventually.TrueAsync(() => !harness.Sink.Messages.IsEmpty, "the module's own message arrived");
        var message = Assert.Single(harness.Sink.Messages);
        Assert.Equal("own", message.MessageId);
        Assert.Equal("srv-01", message.DeviceId);
    }

    [Fact]
    public async Task Publish_OverSizeLimit_ClosesTheConnectionWithoutForwarding()
    {
        await using var harness = await HubHarness.StartAsync();
        var transport = await harness.RunModuleAsync("srv-01");

        await Assert.ThrowsAsync<TransportUnavailableException>(() => transport.SendAsync(Message("big", new string('x', (256 * 1024) + 1))));

        Assert.Empty(harness.Sink.Messages);
    }

    private static MqttApplicationMessage Publish(string topic) => new MqttApplicationMessageBuilder()
        .WithTopic(topic)
        .WithPayload("{}")
        .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .Build();
}
