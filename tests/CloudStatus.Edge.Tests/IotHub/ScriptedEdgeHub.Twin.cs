using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CloudStatus.Edge.Twin;
using MQTTnet;
using MQTTnet.Server;

namespace CloudStatus.Edge.Tests.IotHub;

/// <summary>
/// The module twin as IoT Hub keeps it: answers <c>$iothub/twin/GET</c> with the full twin, merges reported patches
/// (answering 204 with the new version), and publishes desired patches. Topics are spelled out here on purpose,
/// independently of the product's topic helpers.
/// </summary>
internal sealed partial class ScriptedEdgeHub
{
    private readonly Lock _twinGate = new();
    private readonly JsonObject _desired = [];
    private readonly JsonObject _reported = [];
    private long _desiredVersion;
    private long _reportedVersion;
    private int _twinGetsToIgnore;
    private int _twinGets;

    /// <summary>Every reported patch the module sent, in order.</summary>
    public ConcurrentQueue<JsonObject> ReportedPatches { get; } = new();

    public int TwinGets => Volatile.Read(ref _twinGets);

    /// <summary>Leaves the next <paramref name="count"/> twin GETs unanswered.</summary>
    public void IgnoreTwinGets(int count) => Interlocked.Exchange(ref _twinGetsToIgnore, count);

    /// <summary>The reported properties as the hub holds them now.</summary>
    public JsonObject Reported
    {
        get
        {
            lock (_twinGate)
            {
                return (JsonObject)_reported.DeepClone();
            }
        }
    }

    /// <summary>Changes the desired properties (merge patch) without telling anyone (as while the module is offline).</summary>
    public long SetDesiredSilently(JsonObject patch)
    {
        lock (_twinGate)
        {
            JsonMergePatch.Apply(_desired, patch);
            return ++_desiredVersion;
        }
    }

    /// <summary>Changes the desired properties and publishes the patch on the desired-properties topic.</summary>
    public Task SetDesiredAsync(JsonObject patch)
    {
        var version = SetDesiredSilently(patch);
        var body = (JsonObject)patch.DeepClone();
        body["$version"] = version;
        return PublishFromHubAsync(string.Create(CultureInfo.InvariantCulture, $"$iothub/twin/PATCH/properties/desired/?$version={version}"), body.ToJsonString());
    }

    private async Task AnswerTwinRequestAsync(string topic, byte[] payload)
    {
        var rid = topic[(topic.IndexOf("?$rid=", StringComparison.Ordinal) + 6)..].Split('&')[0];
        if (topic.StartsWith("$iothub/twin/GET/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _twinGets);
            if (Interlocked.Decrement(ref _twinGetsToIgnore) >= 0)
            {
                return;
            }

            string twin;
            lock (_twinGate)
            {
                var desired = (JsonObject)_desired.DeepClone();
                desired["$version"] = _desiredVersion;
                var reported = (JsonObject)_reported.DeepClone();
                reported["$version"] = _reportedVersion;
                twin = new JsonObject { ["desired"] = desired, ["reported"] = reported }.ToJsonString();
            }

            await PublishFromHubAsync($"$iothub/twin/res/200/?$rid={rid}", twin);
        }
        else if (topic.StartsWith("$iothub/twin/PATCH/properties/reported/", StringComparison.Ordinal))
        {
            if (JsonNode.Parse(payload) is not JsonObject patch)
            {
                await PublishFromHubAsync($"$iothub/twin/res/400/?$rid={rid}", "{}");
                return;
            }

            long version;
            lock (_twinGate)
            {
                JsonMergePatch.Apply(_reported, patch);
                version = ++_reportedVersion;
            }

            ReportedPatches.Enqueue(patch);
            await PublishFromHubAsync(string.Create(CultureInfo.InvariantCulture, $"$iothub/twin/res/204/?$rid={rid}&$version={version}"), string.Empty);
        }
    }

    private Task PublishFromHubAsync(string topic, string payload)
    {
        var server = _server;
        if (server is null)
        {
            return Task.CompletedTask;
        }

        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload)).Build();
        return server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "edgeHub" });
    }
}
