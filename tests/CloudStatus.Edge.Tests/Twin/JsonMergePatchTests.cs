using System.Text.Json.Nodes;
using CloudStatus.Edge.Twin;

namespace CloudStatus.Edge.Tests.Twin;

public sealed class JsonMergePatchTests
{
    [Theory]
    // RFC 7396 appendix A examples (object targets).
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Apply_Rfc7396Examples(string target, string patch, string expected)
    {
        var document = JsonNode.Parse(target)!.AsObject();
        var patchObject = JsonNode.Parse(patch)!.AsObject();
        var before = patchObject.ToJsonString();

        JsonMergePatch.Apply(document, patchObject);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), document), document.ToJsonString());
        Assert.Equal(before, patchObject.ToJsonString());
    }
}
