using System.Text;
using System.Text.Json;
using CloudStatus.Functions.CustomHandler;

namespace CloudStatus.Functions.Tests.CustomHandler;

/// <summary>Parsing of the host's eventHubTrigger invocation (fixtures: Fixtures/README.md says where each shape comes from).</summary>
public sealed class EventHubInvocationReaderTests
{
    private static IReadOnlyList<HubEvent> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return EventHubInvocationReader.Read(InvocationRequest.Parse(document.RootElement.Clone()), "events");
    }

    [Fact]
    public void Read_HostFixture_YieldsEveryEventWithItsIotHubProperties()
    {
        var events = Read(HandlerHost.Fixture("ingest-status.json"));

        Assert.Equal(8, events.Count);
        var first = events[0];
        Assert.Null(first.Problem);
        Assert.Equal(
            ("srv-01", "cloudstatus", "application/json", "utf-8", "msg-0000", 4100L),
            (first.Message.DeviceId, first.Message.ModuleId, first.Message.ContentType, first.Message.ContentEncoding, first.Message.MessageId, first.Message.SequenceNumber));
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, 200, TimeSpan.Zero), first.Message.EnqueuedTime);
        Assert.Equal("cloudstatus.batch/v1", first.Message.Properties["csSchema"]);
        Assert.Equal("periodic", first.Message.Properties["csKind"]);
        Assert.StartsWith("{\"schema\":\"cloudstatus.batch/v1\"", Encoding.UTF8.GetString(first.Message.Body.Span), StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0x1F, 0x8B }, events[1].Message.Body[..2].ToArray());
        Assert.Equal("gzip", events[1].Message.ContentEncoding);
        Assert.Equal("hello, not json", Encoding.UTF8.GetString(events[2].Message.Body.Span));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], events.Select(e => e.Index));
        Assert.Equal(Enumerable.Range(4100, 8).Select(i => (long?)i), events.Select(e => e.Message.SequenceNumber));
    }

    [Fact]
    public void Read_EventWithoutDeviceProperties_CarriesAProblemAndItsRawBody()
    {
        var events = Read(HandlerHost.Fixture("ingest-status.json"));

        var orphan = events[6];
        Assert.Contains("iothub-connection-device-id", orphan.Problem, StringComparison.Ordinal);
        Assert.Equal(string.Empty, orphan.Message.DeviceId);
        Assert.Contains("\"serverId\":\"srv-04\"", Encoding.UTF8.GetString(orphan.Message.Body.Span), StringComparison.Ordinal);
        Assert.All(events.Where(e => e.Index != 6), e => Assert.Null(e.Problem));
    }

    [Fact]
    public void Read_NoIotHubEnqueuedTime_UsesTheZonelessEnqueuedTimeUtcAsUtc()
    {
        var events = Read("""
            {"Data":{"events":"[\"e30=\"]"},
             "Metadata":{"EnqueuedTimeUtcArray":"[\"2030-05-06T07:08:09.5\"]","SequenceNumberArray":"[12]",
                         "SystemPropertiesArray":"[{\"iothub-connection-device-id\":\"srv-09\"}]"}}
            """);

        var message = Assert.Single(events).Message;
        Assert.Equal(new DateTimeOffset(2030, 5, 6, 7, 8, 9, 500, TimeSpan.Zero), message.EnqueuedTime);
        Assert.Equal(TimeSpan.Zero, message.EnqueuedTime!.Value.Offset);
        Assert.Equal((12L, "{}"), (message.SequenceNumber!.Value, Encoding.UTF8.GetString(message.Body.Span)));
    }

    [Fact]
    public void Read_ArraysSentAsPlainJson_AreReadTheSame()
    {
        var events = Read("""
            {"data":{"events":["e30=","e30="]},
             "metadata":{"SystemPropertiesArray":[{"iothub-connection-device-id":"a"},{"iothub-connection-device-id":"b"}],
                         "PropertiesArray":[{"csKind":"async"},null]}}
            """);

        Assert.Equal(["a", "b"], events.Select(e => e.Message.DeviceId));
        Assert.Equal("async", events[0].Message.Properties["csKind"]);
        Assert.Empty(events[1].Message.Properties);
    }

    [Fact]
    public void Read_FewerMetadataEntriesThanBodies_TheRestHaveNoDeviceAndAProblem()
    {
        var events = Read("""{"Data":{"events":"[\"e30=\",\"e30=\"]"},"Metadata":{"SystemPropertiesArray":"[{\"iothub-connection-device-id\":\"a\"}]"}}""");

        Assert.Null(events[0].Problem);
        Assert.NotNull(events[1].Problem);
    }

    [Theory]
    [InlineData("""[]""")]
    [InlineData("""{"Metadata":{}}""")]
    [InlineData("""{"Data":{}}""")]
    [InlineData("""{"Data":{"events":"not an array"}}""")]
    [InlineData("""{"Data":{"events":{"a":1}}}""")]
    public void Read_NotAnEventHubsInvocation_Throws(string json)
    {
        Assert.Throws<InvalidInvocationException>(() => Read(json));
    }

    [Theory]
    [InlineData("\"[1,2]\"", JsonValueKind.Array)]
    [InlineData("\"{\\\"a\\\":1}\"", JsonValueKind.Object)]
    [InlineData("\"42\"", JsonValueKind.Number)]
    [InlineData("\"\\\"text\\\"\"", JsonValueKind.String)]
    [InlineData("\"plain text\"", JsonValueKind.String)]
    [InlineData("{\"a\":1}", JsonValueKind.Object)]
    public void Decode_HostValue_IsTheJsonItHolds(string value, JsonValueKind expected)
    {
        using var document = JsonDocument.Parse(value);

        Assert.Equal(expected, InvocationRequest.Decode(document.RootElement).ValueKind);
    }
}
