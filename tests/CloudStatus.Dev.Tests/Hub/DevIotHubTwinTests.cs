using System.Text.Json.Nodes;
using CloudStatus.Edge.Transport.IotHub;

namespace CloudStatus.Dev.Tests.Hub;

/// <summary>Module twins over IoT Hub's twin topics: GET, reported patches, desired pushes.</summary>
public sealed class DevIotHubTwinTests
{
    [Fact]
    public async Task TwinGet_NewModule_Answers200WithEmptyVersionedTwin()
    {
        await using var harness = await HubHarness.StartAsync();
        using var module = await RawModuleClient.ConnectAsync(harness, "srv-01", cleanSession: true);
        await module.SubscribeAsync(IotHubTopics.TwinResponseFilter);

        await module.PublishAsync(IotHubTopics.TwinGet("get-1"));

        var (topic, body) = await module.NextAsync(IotHubTopics.TwinResponsePrefix);
        Assert.Equal("$iothub/twin/res/200/?$rid=get-1", topic);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"desired":{"$version":1},"reported":{"$version":1}}"""), JsonNode.Parse(body)), body);
    }

    [Fact]
    public async Task ReportedPatch_MergedAndAnswered204WithTheNewVersion()
    {
        await using var harness = await HubHarness.StartAsync();
        using var module = await RawModuleClient.ConnectAsync(harness, "srv-01", cleanSession: true);
        await module.SubscribeAsync(IotHubTopics.TwinResponseFilter);

        await module.PublishAsync(IotHubTopics.TwinReportedPatch("p-1"), """{"firmware":"1.0","limits":{"a":1,"b":2}}""");
        var first = await module.NextAsync("$iothub/twin/res/204/?$rid=p-1");
        await module.PublishAsync(IotHubTopics.TwinReportedPatch("p-2"), """{"limits":{"a":null},"$version":99}""");
        var second = await module.NextAsync("$iothub/twin/res/204/?$rid=p-2");

        Assert.True(IotHubTopics.TryParseTwinResponse(first.Topic, out _, out _, out var firstVersion));
        Assert.True(IotHubTopics.TryParseTwinResponse(second.Topic, out var status, out var requestId, out var secondVersion));
        Assert.Equal((204, "p-2", 2L, 3L), (status, requestId, firstVersion!.Value, secondVersion!.Value));
        Assert.Equal(string.Empty, second.Body);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"firmware":"1.0","limits":{"b":2},"$version":3}"""),
            harness.Hub.GetTwin("srv-01", HubHarness.ModuleId)["reported"]));
    }

    [Fact]
    public async Task ReportedPatch_NotAnObject_Answers400AndKeepsTheTwin()
    {
        await using var harness = await HubHarness.StartAsync();
        using var module = await RawModuleClient.ConnectAsync(harness, "srv-01", cleanSession: true);
        await module.SubscribeAsync(IotHubTopics.TwinResponseFilter);

        await module.PublishAsync(IotHubTopics.TwinReportedPatch("bad"), "[1,2]");

        var (topic, body) = await module.NextAsync(IotHubTopics.TwinResponsePrefix);
        Assert.Equal("$iothub/twin/res/400/?$rid=bad", topic);
        Assert.Contains("errorCode", body, StringComparison.Ordinal);
        Assert.Equal(1, harness.Hub.GetTwin("srv-01", HubHarness.ModuleId)["reported"]!["$version"]!.GetValue<long>());
    }

    [Fact]
    public async Task UpdateDesired_SubscribedModule_ReceivesThePatchWithItsVersion()
    {
        await using var harness = await HubHarness.StartAsync();
        using var module = await RawModuleClient.ConnectAsync(harness, "srv-01", cleanSession: true);
        await module.SubscribeAsync(IotHubTopics.TwinDesiredPatchFilter);

        var (version, pushed) = await harness.Hub.UpdateDesiredAsync("srv-01", HubHarness.ModuleId, new JsonObject { ["period"] = "00:00:10" });

        Assert.Equal((2L, true), (version, pushed));
        var (topic, body) = await module.NextAsync(IotHubTopics.TwinDesiredPatchPrefix);
        Assert.Equal("$iothub/twin/PATCH/properties/desired/?$version=2", topic);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"period":"00:00:10","$version":2}"""), JsonNode.Parse(body)), body);
        Assert.Equal("00:00:10", harness.Hub.GetTwin("srv-01", HubHarness.ModuleId)["desired"]!["period"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateDesired_ModuleNotSubscribedOrOffline_KeptInTheTwinButNotPushed()
    {
        await using var harness = await HubHarness.StartAsync();
        using var module = await RawModuleClient.ConnectAsync(harness, "srv-01", cleanSession: true);
        await module.SubscribeAsync(IotHubTopics.TwinResponseFilter);

        var toUnsubscribed = await harness.Hub.UpdateDesiredAsync("srv-01", HubHarness.ModuleId, new JsonObject { ["a"] = 1 });
        var toOffline = await harness.Hub.UpdateDesiredAsync("srv-09", HubHarness.ModuleId, new JsonObject { ["a"] = 1 });

        Assert.False(toUnsubscribed.Pushed);
        Assert.False(toOffline.Pushed);
        await module.PublishAsync(IotHubTopics.TwinGet("after"));
        var (_, body) = await module.NextAsync(IotHubTopics.TwinResponsePrefix);
        Assert.Equal(1, JsonNode.Parse(body)!["desired"]!["a"]!.GetValue<int>());
        Assert.DoesNotContain(module.Received, m => m.Topic.StartsWith(IotHubTopics.TwinDesiredPatchPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwinAnswers_GoOnlyToTheRequester()
    {
        await using var harness = await HubHarness.StartAsync();
        using var requester = await RawModuleClient.ConnectAsync(harness, "srv-01", cleanSession: true);
        using var other = await RawModuleClient.ConnectAsync(harness, "srv-02", cleanSession: true);
        await requester.SubscribeAsync(IotHubTopics.TwinResponseFilter);
        await other.SubscribeAsync(IotHubTopics.TwinResponseFilter);
        await other.SubscribeAsync(IotHubTopics.TwinDesiredPatchFilter);

        await requester.PublishAsync(IotHubTopics.TwinReportedPatch("same-rid"), """{"x":1}""");
        await requester.NextAsync(IotHubTopics.TwinResponsePrefix);
        await other.PublishAsync(IotHubTopics.TwinGet("mine"));
        var (_, body) = await other.NextAsync(IotHubTopics.TwinResponsePrefix);

        Assert.Single(other.Received);
        Assert.Equal(1, JsonNode.Parse(body)!["reported"]!["$version"]!.GetValue<long>());
    }
}
