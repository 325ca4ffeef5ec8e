using System.Text;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Tests.Wire;

public sealed class RawJsonObjectConverterTests
{
    [Theory]
    [InlineData("""{"extension":"1000","calls":0}""")]
    [InlineData("""{"a":{"b":[1,2.5e3,{"c":null}],"d":[]},"e":{},"f":true,"g":false}""")]
    [InlineData("""{"esc\"aped":"line\nbreak \u00e9 \\ \/","emoji":"\ud83d\ude00","empty":""}""")]
    [InlineData("""{"text":"déjà vu ✓"}""")]
    public void Read_CompactObject_IsTheTextAsSent(string state)
    {
        Assert.Equal(state, RoundTrip(state));
    }

    [Theory]
    [InlineData("""{ "a" : 1 }""")]
    [InlineData("""{"a":[1, 2]}""")]
    [InlineData("{\"a\":\n{\"b\":true}}")]
    [InlineData("""{"a":1 }""")]
    public void Read_ObjectWithWhitespace_IsTheTextAsSentToo(string state)
    {
        Assert.Equal(state, RoundTrip(state));
    }

    [Fact]
    public void Read_ObjectFollowedByMoreMembers_LeavesTheReaderOnItsEnd()
    {
        var record = Decode("""{"producerId":"p","seq":1,"state":{"x":[{"y":1}]},"config":{"z":2},"mac":"m"}""");

        Assert.Equal(("""{"x":[{"y":1}]}""", """{"z":2}""", "m"), (record.State, record.Config, record.Mac));
    }

    [Fact]
    public void Read_LongObject_GrowsItsBuffer()
    {
        var state = "{" + string.Join(',', Enumerable.Range(0, 400).Select(i => $"\"k{i}\":\"{new string('v', 20)}\"")) + "}";

        Assert.Equal(state, RoundTrip(state));
    }

    [Fact]
    public void Read_NotUtf8InsideAString_IsAJsonError()
    {
        var body = Encoding.UTF8.GetBytes("""{"producerId":"p","seq":1,"state":{"a":"xx"}}""");
        var at = Array.IndexOf(body, (byte)'x');
        body[at] = 0xC3;
        body[at + 1] = 0x28;

        Assert.ThrowsAny<System.Text.Json.JsonException>(() => System.Text.Json.JsonSerializer.Deserialize(body, StatusBatchJsonContext.Default.StatusRecord));
    }

    private static string? RoundTrip(string state) => Decode($$"""{"producerId":"p","seq":1,"state":{{state}}}""").State;

    private static StatusRecord Decode(string json) =>
        System.Text.Json.JsonSerializer.Deserialize(json, StatusBatchJsonContext.Default.StatusRecord)!;
}
