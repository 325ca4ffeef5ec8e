using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Transport.IotHub;

namespace CloudStatus.Edge.Tests.IotHub;

public sealed class IotHubTopicsTests
{
    [Fact]
    public void DeviceToCloud_PropertiesNeedingEncoding_RoundTrip()
    {
        var properties = new Dictionary<string, string>
        {
            ["csSchema"] = "cloudstatus.batch/v1",
            ["a&b=c"] = "x=1&y=2",
            ["space key"] = "with space+plus",
            ["hash#"] = "50% / #1 ?",
            ["unicode"] = "héllo wörld ✓",
            ["empty"] = string.Empty,
        };
        var message = new OutboundMessage([1, 2, 3], "msg/1 & 2", "application/json", "gzip", properties);

        var topic = IotHubTopics.DeviceToCloud("srv-01", "cloudstatus", message);

        Assert.StartsWith("devices/srv-01/modules/cloudstatus/messages/events/%24.mid=msg%2F1%20%26%202&%24.ct=application%2Fjson&%24.ce=gzip&", topic, StringComparison.Ordinal);
        Assert.DoesNotContain('#', topic);
        Assert.DoesNotContain('+', topic);
        Assert.Equal(6, topic.Count(c => c == '/'));
        Assert.True(IotHubTopics.TryParseDeviceToCloud(topic, out var parsed));
        Assert.Equal("srv-01", parsed.DeviceId);
        Assert.Equal("cloudstatus", parsed.ModuleId);
        Assert.Equal("msg/1 & 2", parsed.MessageId);
        Assert.Equal("application/json", parsed.ContentType);
        Assert.Equal("gzip", parsed.ContentEncoding);
        Assert.Equal(properties.OrderBy(p => p.Key), parsed.ApplicationProperties.OrderBy(p => p.Key));
    }

    [Fact]
    public void DeviceToCloud_NoContentEncoding_OmitsIt()
    {
        var topic = IotHubTopics.DeviceToCloud("d", "m", new OutboundMessage([], "1", "application/json", null, new Dictionary<string, string>()));

        Assert.Equal("devices/d/modules/m/messages/events/%24.mid=1&%24.ct=application%2Fjson", topic);
    }

    [Theory]
    [InlineData("devices/d/modules/m/messages/events/$.ct=text%2Fplain&k=v", "text/plain")]
    [InlineData("devices/d/modules/m/messages/events/%24.ct=text%2Fplain&k=v", "text/plain")]
    [InlineData("devices/d/modules/m/messages/events/?k=v", null)]
    [InlineData("devices/d/modules/m/messages/events/", null)]
    [InlineData("devices/d/modules/m/messages/events", null)]
    public void TryParseDeviceToCloud_LiteralOrEscapedSystemKeys_Parsed(string topic, string? contentType)
    {
        Assert.True(IotHubTopics.TryParseDeviceToCloud(topic, out var parsed));
        Assert.Equal(contentType, parsed.ContentType);
        Assert.Equal("d", parsed.DeviceId);
        Assert.Equal("m", parsed.ModuleId);
    }

    [Theory]
    [InlineData("devices/d/messages/events/")]
    [InlineData("devices/d/modules/m/messages/devicebound/")]
    [InlineData("devices//modules/m/messages/events/")]
    [InlineData("devices/d/modules/m/messages/events/a/b")]
    [InlineData("$iothub/methods/res/200/?$rid=1")]
    public void TryParseDeviceToCloud_OtherTopics_False(string topic)
    {
        Assert.False(IotHubTopics.TryParseDeviceToCloud(topic, out _));
    }

    [Fact]
    public void DecodePropertyBag_KeyWithoutValueAndDuplicates_Tolerated()
    {
        var bag = IotHubTopics.DecodePropertyBag("a&b=1&b=2&=x");

        Assert.Equal(string.Empty, bag["a"]);
        Assert.Equal("2", bag["b"]);
        Assert.Equal(2, bag.Count);
    }

    [Theory]
    [InlineData("$iothub/methods/POST/reboot/?$rid=1", "reboot", "1")]
    [InlineData("$iothub/methods/POST/resync/?$rid=abc-42&x=y", "resync", "abc-42")]
    public void TryParseMethodRequest_Valid_ReturnsNameAndRid(string topic, string method, string rid)
    {
        Assert.True(IotHubTopics.TryParseMethodRequest(topic, out var parsedMethod, out var parsedRid));
        Assert.Equal(method, parsedMethod);
        Assert.Equal(rid, parsedRid);
    }

    [Theory]
    [InlineData("$iothub/methods/POST/reboot/")]
    [InlineData("$iothub/methods/POST//?$rid=1")]
    [InlineData("$iothub/methods/res/200/?$rid=1")]
    [InlineData("$iothub/twin/res/200/?$rid=1")]
    public void TryParseMethodRequest_Invalid_False(string topic)
    {
        Assert.False(IotHubTopics.TryParseMethodRequest(topic, out _, out _));
    }

    [Fact]
    public void MethodRequestAndResponse_BuildAndParse_RoundTrip()
    {
        Assert.Equal("$iothub/methods/POST/add/?$rid=7f", IotHubTopics.MethodRequest("add", "7f"));
        var response = IotHubTopics.MethodResponse(404, "7f");

        Assert.Equal("$iothub/methods/res/404/?$rid=7f", response);
        Assert.True(IotHubTopics.TryParseMethodResponse(response, out var status, out var rid));
        Assert.Equal(404, status);
        Assert.Equal("7f", rid);
        Assert.False(IotHubTopics.TryParseMethodResponse("$iothub/methods/res/ok/?$rid=7f", out _, out _));
    }

    [Fact]
    public void TwinTopics_AreIotHubConventions()
    {
        Assert.Equal("$iothub/twin/res/#", IotHubTopics.TwinResponseFilter);
        Assert.Equal("$iothub/twin/GET/?$rid=", IotHubTopics.TwinGetPrefix);
        Assert.Equal("$iothub/twin/PATCH/properties/reported/?$rid=", IotHubTopics.TwinReportedPatchPrefix);
        Assert.Equal("$iothub/twin/PATCH/properties/desired/#", IotHubTopics.TwinDesiredPatchFilter);
    }
}
