using CloudStatus.Core.Connectivity;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Tests.Connectivity;

public class ConnectivityMatrixTests
{
    private static ConnectivityEntry Entry(string id, ConnectivityMode mode, params string[] switches) =>
        new() { SwitchId = id, Mode = mode, Switches = switches };

    [Fact]
    public void Build_NoEntries_EmptyMatrix()
    {
        var matrix = ConnectivityMatrix.Build([]);

        Assert.Empty(matrix.Switches);
        Assert.Empty(matrix.Rows);
        Assert.Equal(0, matrix.ReachablePairs);
        Assert.Equal(0, matrix.UnreachablePairs);
    }

    [Fact]
    public void Build_HealthyNetwork_AllReachable()
    {
        var known = new[] { "c", "a", "b" };
        var matrix = ConnectivityMatrix.Build(known.Select(id => Entry(id, ConnectivityMode.Disconnected)), known);

        Assert.Equal(["a", "b", "c"], matrix.Switches);
        Assert.Equal(["-11", "1-1", "11-"], matrix.Rows);
        Assert.Equal(6, matrix.ReachablePairs);
        Assert.Equal(0, matrix.UnreachablePairs);
    }

    [Fact]
    public void Build_MixedModes_ExpandsEachRow()
    {
        var matrix = ConnectivityMatrix.Build(
        [
            Entry("a", ConnectivityMode.Disconnected, "c"),
            Entry("b", ConnectivityMode.Connected, "a"),
            Entry("c", ConnectivityMode.Connected),
        ]);

        Assert.Equal(["-10", "1-0", "00-"], matrix.Rows);
        Assert.True(matrix.IsReachable("a", "b"));
        Assert.False(matrix.IsReachable("a", "c"));
        Assert.True(matrix.IsReachable("b", "a"));
        Assert.False(matrix.IsReachable("b", "c"));
        Assert.False(matrix.IsReachable("c", "a"));
        Assert.Equal(2, matrix.ReachablePairs);
        Assert.Equal(4, matrix.UnreachablePairs);
    }

    [Fact]
    public void Build_SwitchWithoutEntry_IsUnknownRowButKnownColumn()
    {
        var matrix = ConnectivityMatrix.Build([Entry("a", ConnectivityMode.Disconnected, "b")], ["a", "b", "c"]);

        Assert.Equal(["-01", "?-?", "??-"], matrix.Rows);
        Assert.Null(matrix.IsReachable("b", "a"));
        Assert.False(matrix.IsReachable("a", "b"));
        Assert.True(matrix.IsReachable("a", "c"));
        Assert.Equal(1, matrix.ReachablePairs);
        Assert.Equal(1, matrix.UnreachablePairs);
    }

    [Fact]
    public void Build_SwitchOnlyInAList_JoinsTheUniverse()
    {
        var matrix = ConnectivityMatrix.Build([Entry("a", ConnectivityMode.Connected, "z")]);

        Assert.Equal(["a", "z"], matrix.Switches);
        Assert.True(matrix.IsReachable("a", "z"));
        Assert.Null(matrix.IsReachable("z", "a"));
    }

    [Fact]
    public void IsReachable_DiagonalOrStranger_IsNull()
    {
        var matrix = ConnectivityMatrix.Build([Entry("a", ConnectivityMode.Disconnected)], ["b"]);

        Assert.Null(matrix.IsReachable("a", "a"));
        Assert.Null(matrix.IsReachable("a", "nope"));
        Assert.Null(matrix.IsReachable("nope", "a"));
        Assert.True(matrix.IsReachable("a", "b"));
    }

    [Fact]
    public void Build_DuplicateEntries_LastWins()
    {
        var matrix = ConnectivityMatrix.Build(
        [
            Entry("a", ConnectivityMode.Disconnected, "b"),
            Entry("a", ConnectivityMode.Disconnected),
        ]);

        Assert.True(matrix.IsReachable("a", "b"));
    }

    [Fact]
    public void Build_EntryListingItself_DiagonalStaysDash()
    {
        var matrix = ConnectivityMatrix.Build([Entry("a", ConnectivityMode.Connected, "a", "b")]);

        Assert.Equal(["-1", "?-"], matrix.Rows);
        Assert.Equal(1, matrix.ReachablePairs);
    }

    [Fact]
    public void Build_FromOptimizedEntries_MatchesTheTruth()
    {
        var switches = Enumerable.Range(0, 9).Select(i => $"sw-{i}").ToArray();
        bool Truth(int from, int to) => (from * 7 + to * 3) % 4 != 0;
        var entries = switches.Select((id, f) => ConnectivityOptimizer.Optimize(
            id,
            switches.Where(s => s != id).ToArray(),
            new HashSet<string>(switches.Where((_, t) => t != f && Truth(f, t)), StringComparer.Ordinal)));

        var matrix = ConnectivityMatrix.Build(entries);

        for (var f = 0; f < switches.Length; f++)
        {
            for (var t = 0; t < switches.Length; t++)
            {
                Assert.Equal(f == t ? null : Truth(f, t), matrix.IsReachable(switches[f], switches[t]));
            }
        }

        Assert.Equal(switches.Length * (switches.Length - 1), matrix.ReachablePairs + matrix.UnreachablePairs);
    }

    [Fact]
    public void BuildOver_IgnoresEntriesAndListedIdsOutsideTheUniverse()
    {
        var matrix = ConnectivityMatrix.BuildOver(
        [
            Entry("a", ConnectivityMode.Disconnected, "c", "gone"),
            Entry("b", ConnectivityMode.Connected, "a", "other-site"),
            Entry("gone", ConnectivityMode.Disconnected),
        ],
        ["a", "b", "c"]);

        Assert.Equal(["a", "b", "c"], matrix.Switches);
        Assert.Equal(["-10", "1-0", "??-"], matrix.Rows);
        Assert.Equal((2, 2), (matrix.ReachablePairs, matrix.UnreachablePairs));
    }
}
