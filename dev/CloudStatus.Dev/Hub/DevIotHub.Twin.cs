using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudStatus.Edge.Transport.IotHub;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace CloudStatus.Dev.Hub;

/// <summary>
/// Module twins: a module GETs its twin and PATCHes its reported properties on <c>$iothub/twin/…/?$rid=</c> and hears
/// the answer on <c>$iothub/twin/res/{status}/?$rid=</c>; desired changes (<see cref="UpdateDesiredAsync"/>) are pushed on
/// <c>$iothub/twin/PATCH/properties/desired/?$version=</c> to a connected, subscribed module only, as IoT Hub does.
/// </summary>
internal sealed partial class DevIotHub
{
    private const string TwinGetTopicPrefix = "$iothub/twin/GET/";
    private const string TwinReportedTopicPrefix = "$iothub/twin/PATCH/properties/reported/";

    /// <summary>The twin of <c>{deviceId}/{moduleId}</c> as its module would GET it (an empty twin for a new identity).</summary>
    public JsonObject GetTwin(string deviceId, string moduleId) => Twin($"{deviceId}/{moduleId}").Document();

    /// <summary>
    /// Merges <paramref name="patch"/> into the desired properties and pushes it to the module when it is connected and
    /// subscribed. Returns the new desired version and whether the module was sent the patch.
    /// </summary>
    public async Task<(long Version, bool Pushed)> UpdateDesiredAsync(string deviceId, string moduleId, JsonObject patch, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        ArgumentException.ThrowIfNullOrEmpty(moduleId);
        ArgumentNullException.ThrowIfNull(patch);
        var clientId = $"{deviceId}/{moduleId}";
        var (version, pushed) = Twin(clientId).PatchDesired(patch);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(IotHubTopics.TwinDesiredPatch(version))
            .WithPayload(pushed.ToJsonString())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var delivered = await DeliverAsync(clientId, message, cancellationToken).ConfigureAwait(false);
        Log.DesiredUpdated(_logger, clientId, version, delivered);
        return (version, delivered);
    }

    private DevHubTwin Twin(string clientId) => _twins.GetOrAdd(clientId, static _ => new DevHubTwin());

    private static bool IsTwinRequest(string topic) =>
        topic.StartsWith(TwinGetTopicPrefix, StringComparison.Ordinal) || topic.StartsWith(TwinReportedTopicPrefix, StringComparison.Ordinal);

    private async Task AnswerTwinRequestAsync(InterceptingPublishEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        var query = topic.IndexOf('?', StringComparison.Ordinal);
        if (query < 0 || !IotHubTopics.DecodePropertyBag(topic[query..]).TryGetValue("$rid", out var requestId) || requestId.Length == 0)
        {
            Log.PublishRefused(_logger, e.ClientId, topic);
            e.CloseConnection = true;
            return;
        }

        var twin = Twin(e.ClientId);
        MqttApplicationMessage answer;
        if (topic.StartsWith(TwinGetTopicPrefix, StringComparison.Ordinal))
        {
            answer = TwinAnswer(IotHubTopics.TwinResponse(200, requestId), twin.Document().ToJsonString());
        }
        else if (TryParseObject(e.ApplicationMessage.Payload, out var patch))
        {
            var version = twin.PatchReported(patch);
            Log.ReportedUpdated(_logger, e.ClientId, version);
            answer = TwinAnswer(IotHubTopics.TwinResponse(204, requestId, version), null);
        }
        else
        {
            answer = TwinAnswer(IotHubTopics.TwinResponse(400, requestId), """{"errorCode":400004,"message":"The reported properties patch must be a JSON object."}""");
        }

        await DeliverAsync(e.ClientId, answer, e.CancellationToken).ConfigureAwait(false);
    }

    private static MqttApplicationMessage TwinAnswer(string topic, string? body) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(body is null ? [] : Encoding.UTF8.GetBytes(body))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();

    private static bool TryParseObject(System.Buffers.ReadOnlySequence<byte> payload, out JsonObject patch)
    {
        patch = [];
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (JsonNode.Parse(ref reader) is JsonObject parsed)
            {
                patch = parsed;
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}
