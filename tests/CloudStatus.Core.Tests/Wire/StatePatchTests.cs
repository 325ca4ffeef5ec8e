using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Tests.Wire;

public sealed class StatePatchTests
{
    [Theory]
    [InlineData("""{"extension":"1005","calls":3}""", """{"extension":"1005","calls":4}""", """{"calls":4}""")]
    [InlineData("""{"a": {"x":1,"y":[1,2]}, "b":"long text that stays"}""", """{"a": {"x":2}, "b":"long text that stays"}""", """{"a": {"x":2}}""")]
    [InlineData("""{"a":1,"b":"same","c":"é"}""", """{"a":1,"b":"same","c":"ü"}""", """{"c":"ü"}""")]
    public void Diff_ValuesChanged_GivesThePatchThatRebuildsTheStateExactly(string baseState, string state, string expected)
    {
        var patch = StatePatch.Diff(baseState, state);

        Assert.Equal(expected, patch);
        Assert.True(StatePatch.TryApply(baseState, patch!, out var rebuilt));
        Assert.Equal(state, rebuilt);
    }

    [Theory]
    [InlineData("""{"a":1,"b":2}""", """{"a":1,"b":2,"c":3}""")] // member added
    [InlineData("""{"a":1,"b":2}""", """{"a":1}""")] // member removed
    [InlineData("""{"a":1,"b":2}""", """{"b":2,"a":1}""")] // reordered
    [InlineData("""{"a":1,"b":2}""", """{"a":1, "b":2}""")] // same values, other spacing: a patch could not say it
    [InlineData("""{"a":1}""", """{"a":2}""")] // not shorter than the state
    [InlineData("""[1]""", """{"a":2}""")]
    public void Diff_ChangeAPatchCannotSayOrNotWorthIt_IsNull(string baseState, string state) =>
        Assert.Null(StatePatch.Diff(baseState, state));

    [Theory]
    [InlineData("""{"a":1}""", """{"b":2}""")] // a member the base lacks: another base
    [InlineData("""{"a":1}""", """{"a":2,"a":3}""")]
    [InlineData("""{"a":1}""", """[2]""")]
    [InlineData("""not json""", """{"a":2}""")]
    public void TryApply_PatchNotMadeOnThisBase_Fails(string baseState, string patch) =>
        Assert.False(StatePatch.TryApply(baseState, patch, out _));
}
