using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Edge.Transport.IotHub.Sas;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.IotHub;

public sealed class MqttIotHubTransportTests
{
    private static OutboundMessage Message(string id) => new(
        Encoding.UTF8.GetBytes("{\"n\":1}"),
        id,
        "application/json",
        "utf-8",
        new Dictionary<string, string> { ["csSchema"] = "cloudstatus.batch/v1", ["csKind"] = "periodic" });

    [Fact]
    public async Task RunAsync_Connects_WithIotHubClientIdUserNameAndValidSasPassword()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var running = await RunningTransport.StartAsync(hub, time);

        var connect = Assert.Single(hub.Connects);
        Assert.Equal("srv-01/cloudstatus", connect.ClientId);
        Assert.Equal("testhub.azure-devices.net/srv-01/cloudstatus/?api-version=2021-04-12", connect.UserName);
        Assert.Equal(MqttProtocolVersion.V311, connect.ProtocolVersion);
        Assert.False(connect.CleanSession);

        // Verify the password from the documented algorithm, independently of the product code.
        var fields = connect.Password["SharedAccessSignature ".Length..].Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("testhub.azure-devices.net%2Fdevices%2Fsrv-01%2Fmodules%2Fcloudstatus", fields["sr"]);
        var expiry = time.GetUtcNow().AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        Assert.Equal(expiry, fields["se"]);
        var expectedSig = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(RunningTransport.Key), Encoding.UTF8.GetBytes($"{fields["sr"]}\n{expiry}")));
        Assert.Equal(expectedSig, Uri.UnescapeDataString(fields["sig"]));
    }

    [Fact]
    public async Task SendAsync_Connected_PublishesQos1OnEventsTopicWithProperties()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        await using var running = await RunningTransport.StartAsync(hub);

        await running.Transport.SendAsync(Message("m-1"));

        var publish = Assert.Single(hub.Events);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, publish.QualityOfService);
        Assert.Equal("srv-01/cloudstatus", publish.ClientId);
        Assert.Equal(
            "devices/srv-01/modules/cloudstatus/messages/events/%24.mid=m-1&%24.ct=application%2Fjson&%24.ce=utf-8&csSchema=cloudstatus.batch%2Fv1&csKind=periodic",
            publish.Topic);
        Assert.Equal("{\"n\":1}", Encoding.UTF8.GetString(publish.Payload));
    }

    [Fact]
    public async Task SendAsync_CompletesOnlyAfterPuback()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        var ack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.BeforeAck = () => ack.Task;
        await using var running = await RunningTransport.StartAsync(hub);

        var send = running.Transport.SendAsync(Message("m-2"));
        await Eventually.TrueAsync(() => hub.Events.Any(), "the hub received the publish");
        Assert.False(send.IsCompleted);

        ack.SetResult();
        await Eventually.Within(send);
    }

    [Fact]
    public async Task SendAsync_NotAcknowledgedWithinOperationTimeout_ThrowsTransportUnavailable()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        var ack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.BeforeAck = () => ack.Task;
        var time = new FakeTimeProvider();
        await using var running = await RunningTransport.StartAsync(hub, time);
        try
        {
            var send = running.Transport.SendAsync(Message("m-3"));
            await Eventually.TrueAsync(() => hub.Events.Any(), "the hub received the publish");
            time.Advance(running.Transport.Options.OperationTimeout);

            await Assert.ThrowsAsync<TransportUnavailableException>(() => Eventually.Within(send));
        }
        finally
        {
            ack.SetResult();
        }
    }

    [Fact]
    public async Task SendAsync_NeverConnected_ThrowsTransportUnavailable()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        await using var transport = RunningTransport.Create(hub);

        Assert.False(transport.IsConnected);
        await Assert.ThrowsAsync<TransportUnavailableException>(() => transport.SendAsync(Message("m-4")));
    }

    [Fact]
    public async Task SendAsync_BrokerDownThenRestarted_ThrowsThenReconnectsAndSends()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        await using var running = await RunningTransport.StartAsync(hub);
        await running.Transport.SendAsync(Message("before"));

        await hub.StopAsync();
        await Eventually.TrueAsync(() => !running.Transport.IsConnected, "the transport noticed the broker went down");
        await Assert.ThrowsAsync<TransportUnavailableException>(() => running.Transport.SendAsync(Message("during")));

        await hub.StartAsync();
        await Eventually.TrueAsync(() => running.Transport.IsConnected, "the transport reconnected");
        await running.Transport.SendAsync(Message("after"));

        Assert.Equal(["before", "after"], hub.Events.Select(e => IotHubTopics.DecodePropertyBag(e.Topic.Split('/')[^1])["$.mid"]));
        Assert.True(hub.Connects.Count >= 2);
    }

    [Fact]
    public async Task RunAsync_RefusedCredentials_KeepsRetryingWithoutConnecting()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        hub.Accept = _ => false;
        await using var running = await RunningTransport.StartAsync(hub, waitConnected: false);

        await Eventually.TrueAsync(() => hub.Connects.Count >= 3, "the transport retried");
        Assert.False(running.Transport.IsConnected);

        hub.Accept = _ => true;
        await Eventually.TrueAsync(() => running.Transport.IsConnected, "the transport connected once accepted");
    }

    [Fact]
    public async Task RunAsync_Cancelled_DisconnectsAndReturns()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        var running = await RunningTransport.StartAsync(hub);
        Assert.True(hub.ConnectedClients.ContainsKey("srv-01/cloudstatus"));

        await running.DisposeAsync();

        Assert.True(running.Loop.IsCompletedSuccessfully);
        Assert.False(running.Transport.IsConnected);
        await Eventually.TrueAsync(() => hub.ConnectedClients.IsEmpty, "the hub saw the disconnect");
    }

    [Fact]
    public async Task DirectMethod_Request_AnsweredOnResponseTopicWithSameRid()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        var handler = new RecordingMethodHandler();
        await using var running = await RunningTransport.StartAsync(hub, handler: handler);
        Assert.Contains("$iothub/methods/POST/#", hub.Subscriptions);

        await hub.SendMethodRequestAsync("reboot", "42", Encoding.UTF8.GetBytes("{\"producerId\":\"srv-01.sw-01\"}"));

        await Eventually.TrueAsync(() => hub.Publishes.Any(p => p.Topic.StartsWith("$iothub/methods/res/", StringComparison.Ordinal)), "the module answered");
        var answer = Assert.Single(hub.Publishes, p => p.Topic.StartsWith("$iothub/methods/res/", StringComparison.Ordinal));
        Assert.Equal("$iothub/methods/res/200/?$rid=42", answer.Topic);
        Assert.Equal("{\"method\":\"reboot\",\"payload\":{\"producerId\":\"srv-01.sw-01\"}}", Encoding.UTF8.GetString(answer.Payload));
        Assert.Equal(("reboot", "{\"producerId\":\"srv-01.sw-01\"}"), Assert.Single(handler.Calls));
    }

    [Fact]
    public async Task DirectMethod_SlowRequest_DoesNotBlockLaterOnes()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        var handler = new RecordingMethodHandler();
        var slowGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        handler.Gates["history"] = slowGate.Task;
        await using var running = await RunningTransport.StartAsync(hub, handler: handler);

        await hub.SendMethodRequestAsync("history", "1", "{}"u8.ToArray());
        await hub.SendMethodRequestAsync("reboot", "2", "{}"u8.ToArray());

        await Eventually.TrueAsync(() => hub.Publishes.Any(p => p.Topic == "$iothub/methods/res/200/?$rid=2"), "the fast method was answered");
        Assert.DoesNotContain(hub.Publishes, p => p.Topic.EndsWith("$rid=1", StringComparison.Ordinal));

        slowGate.SetResult();
        await Eventually.TrueAsync(() => hub.Publishes.Any(p => p.Topic == "$iothub/methods/res/200/?$rid=1"), "the slow method was answered");
    }

    [Fact]
    public async Task RunAsync_NoHandler_DoesNotSubscribeToMethods()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        await using var running = await RunningTransport.StartAsync(hub);

        Assert.Empty(hub.Subscriptions);
        Assert.Throws<InvalidOperationException>(() => running.Transport.AttachDirectMethodHandler(new RecordingMethodHandler()));
    }

    [Fact]
    public async Task HoldAsync_TokenRenewalDue_ReturnsTrue()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        var time = new FakeTimeProvider();
        await using var transport = RunningTransport.Create(hub, time);
        await using var connection = await transport.ConnectAsync(CancellationToken.None);

        var hold = transport.HoldAsync(connection, CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(47));
        Assert.False(hold.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await Eventually.Within(hold));
    }

    [Fact]
    public async Task HoldAsync_BrokerDrops_ReturnsFalse()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        var time = new FakeTimeProvider();
        await using var transport = RunningTransport.Create(hub, time);
        await using var connection = await transport.ConnectAsync(CancellationToken.None);

        var hold = transport.HoldAsync(connection, CancellationToken.None);
        await hub.StopAsync();

        Assert.False(await Eventually.Within(hold));
    }

    [Fact]
    public async Task Logs_ConnectRefusalsSendsAndMethods_NeverContainKeyOrToken()
    {
        await using var hub = await ScriptedEdgeHub.StartNewAsync();
        var refusals = 2;
        hub.Accept = _ => Interlocked.Decrement(ref refusals) < 0;
        var logger = new RecordingLogger<MqttIotHubTransport>();
        await using (var running = await RunningTransport.StartAsync(hub, handler: new RecordingMethodHandler(), logger: logger))
        {
            await running.Transport.SendAsync(Message("logged"));
            await hub.SendMethodRequestAsync("reboot", "9", "{}"u8.ToArray());
            await Eventually.TrueAsync(() => hub.Publishes.Any(p => p.Topic.EndsWith("$rid=9", StringComparison.Ordinal)), "the method was answered");
        }

        var text = string.Join("\n", logger.Entries.Select(e => e.Text));
        Assert.Contains(logger.Entries, e => e.EventId.Id == 1502);
        Assert.Contains(logger.Entries, e => e.EventId.Id == 1501);
        Assert.All(logger.Entries, e => Assert.InRange(e.EventId.Id, 1500, 1599));
        Assert.DoesNotContain(RunningTransport.Key, text, StringComparison.Ordinal);
        Assert.DoesNotContain("SharedAccessSignature", text, StringComparison.Ordinal);
        Assert.All(hub.Connects, c => Assert.DoesNotContain(c.Password.Split("sig=")[1].Split('&')[0], text, StringComparison.Ordinal));
    }
}
