using CloudStatus.Edge.Heap;

namespace CloudStatus.Edge.Tests.Heap;

public sealed class Utf8TextTests
{
    [Theory]
    [InlineData("""{"calls":1}""")]
    [InlineData("""{"name":"Gerät ü €","emoji":"😀"}""")]
    [InlineData("")]
    public void FromString_ToString_RoundTripsAndMatches(string text)
    {
        var utf8 = Utf8Text.FromString(text);

        Assert.Equal(text, utf8.ToString());
        Assert.True(utf8.Matches(text));
        Assert.False(utf8.Matches(text + " "));
        Assert.False(utf8.Matches(null));
    }

    [Fact]
    public void Matches_TextLongerThanTheStackBuffer_ComparesEveryByte()
    {
        var text = "{\"v\":\"" + new string('a', 2000) + "\"}";
        var utf8 = Utf8Text.FromString(text);

        Assert.True(utf8.Matches(text));
        Assert.False(utf8.Matches(text.Replace("aaa\"", "aab\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void Null_MatchesOnlyNull_AndEqualsDefault()
    {
        Utf8Text none = null;

        Assert.True(none.IsNull);
        Assert.True(none.Matches(null));
        Assert.False(none.Matches(""));
        Assert.Equal(default, none);
        Assert.NotEqual(Utf8Text.FromString(""), none);
        Assert.Null(none.ToString());
    }

    [Fact]
    public void Equals_SameTextInTwoArrays_Equal()
    {
        Assert.Equal(Utf8Text.FromString("""{"a":1}"""), Utf8Text.FromString("""{"a":1}"""));
        Assert.NotEqual(Utf8Text.FromString("""{"a":1}"""), Utf8Text.FromString("""{"a":2}"""));
        Assert.Equal(Utf8Text.FromString("x").GetHashCode(), Utf8Text.FromString("x").GetHashCode());
    }
}
