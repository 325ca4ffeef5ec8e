using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace CloudStatus.Dev.Tests.Hub;

/// <summary>A hand-driven MQTT 3.1.1 client with a module identity: sees the raw topics and bodies the hub sends.</summary>
internal sealed class RawModuleClient : IDisposable
{
    private RawModuleClient(IMqttClient client, bool sessionPresent)
    {
        Client = client;
        SessionPresent = sessionPresent;
    }

    public IMqttClient Client { get; }

    public bool SessionPresent { get; }

    public ConcurrentQueue<(string Topic, string Body)> Received { get; } = new();

    public static async Task<RawModuleClient> ConnectAsync(HubHarness harness, string deviceId, bool cleanSession)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        RawModuleClient? raw = null;
        client.ApplicationMessageReceivedAsync += e =>
        {
            raw?.Received.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload)));
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", harness.Hub.Port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId($"{deviceId}/{HubHarness.ModuleId}")
            .WithCredentials(harness.UserName(deviceId), harness.Token(deviceId))
            .WithCleanSession(cleanSession)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        var result = await client.ConnectAsync(options);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        raw = new RawModuleClient(client, result.IsSessionPresent);
        return raw;
    }

    public async Task SubscribeAsync(string filter) =>
        Assert.True((await Client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce)).Items.Single().ResultCode <= MqttClientSubscribeResultCode.GrantedQoS2, filter);

    public Task PublishAsync(string topic, string body = "", MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtMostOnce) =>
        Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(body).WithQualityOfServiceLevel(qos).Build());

    /// <summary>Waits for the first message whose topic starts with <paramref name="topicPrefix"/>.</summary>
    public async Task<(string Topic, string Body)> NextAsync(string topicPrefix)
    {
        (string Topic, string Body) found = default;
        await Eventually.TrueAsync(
            () =>
            {
                found = Received.FirstOrDefault(m => m.Topic.StartsWith(topicPrefix, StringComparison.Ordinal));
                return found.Topic is not null;
            },
            $"a message on {topicPrefix}");
        return found;
    }

    public void Dispose() => Client.Dispose();
}
