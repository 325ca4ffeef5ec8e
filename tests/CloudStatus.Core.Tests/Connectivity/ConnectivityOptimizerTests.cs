using CloudStatus.Core.Connectivity;
using CloudStatus.Core.Wire;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CloudStatus.Core.Tests.Connectivity;

public class ConnectivityOptimizerTests
{
    private static HashSet<string> Set(params string[] ids) => new(ids, StringComparer.Ordinal);

    [Fact]
    public void Optimize_AllReachable_DisconnectedWithEmptyList()
    {
        var entry = ConnectivityOptimizer.Optimize("sw-1", ["sw-2", "sw-3"], Set("sw-2", "sw-3"));

        Assert.Equal("sw-1", entry.SwitchId);
        Assert.Equal(ConnectivityMode.Disconnected, entry.Mode);
        Assert.Empty(entry.Switches);
    }

    [Fact]
    public void Optimize_NoneReachable_ConnectedWithEmptyList()
    {
        var entry = ConnectivityOptimizer.Optimize("sw-1", ["sw-2", "sw-3"], Set());

        Assert.Equal(ConnectivityMode.Connected, entry.Mode);
        Assert.Empty(entry.Switches);
    }

    [Fact]
    public void Optimize_FewUnreachable_ListsUnreachableSorted()
    {
        var entry = ConnectivityOptimizer.Optimize("sw-1", ["sw-5", "sw-4", "sw-3", "sw-2"], Set("sw-2", "sw-4"));

        Assert.Equal(ConnectivityMode.Disconnected, entry.Mode);
        Assert.Equal(["sw-3", "sw-5"], entry.Switches);
    }

    [Fact]
    public void Optimize_FewReachable_ListsReachableSorted()
    {
        var entry = ConnectivityOptimizer.Optimize("sw-1", ["sw-5", "sw-4", "sw-3", "sw-2"], Set("sw-5"));

        Assert.Equal(ConnectivityMode.Connected, entry.Mode);
        Assert.Equal(["sw-5"], entry.Switches);
    }

    [Fact]
    public void Optimize_Tie_PrefersDisconnected()
    {
        var entry = ConnectivityOptimizer.Optimize("sw-1", ["sw-2", "sw-3"], Set("sw-3"));

        Assert.Equal(ConnectivityMode.Disconnected, entry.Mode);
        Assert.Equal(["sw-2"], entry.Switches);
    }

    [Fact]
    public void Optimize_SelfAmongPeersAndStrangersInReachable_AreIgnored()
    {
        var entry = ConnectivityOptimizer.Optimize("sw-1", ["sw-1", "sw-2", "sw-3", "sw-4"], Set("sw-1", "sw-9"));

        Assert.Equal(ConnectivityMode.Connected, entry.Mode);
        Assert.Empty(entry.Switches);
    }

    [Fact]
    public void Optimize_OrdinalSort_UpperCaseBeforeLowerCase()
    {
        var entry = ConnectivityOptimizer.Optimize("x", ["b", "B", "a", "A", "c", "d", "e", "f"], Set("c", "d", "e", "f"));

        Assert.Equal(ConnectivityMode.Disconnected, entry.Mode);
        Assert.Equal(["A", "B", "a", "b"], entry.Switches);
    }

    [Fact]
    public void Optimize_DuplicatePeers_ListedOnce()
    {
        var entry = ConnectivityOptimizer.Optimize("x", ["a", "a", "b", "c", "d", "e"], Set("b", "c", "d", "e"));

        Assert.Equal(["a"], entry.Switches);
    }

    [Fact]
    public void ReachableFrom_Disconnected_IsPeersMinusListed()
    {
        var entry = new ConnectivityEntry { SwitchId = "sw-1", Mode = ConnectivityMode.Disconnected, Switches = ["sw-3"] };

        var reachable = ConnectivityOptimizer.ReachableFrom(entry, ["sw-1", "sw-2", "sw-3", "sw-4"]);

        Assert.True(reachable.SetEquals(["sw-2", "sw-4"]));
    }

    [Fact]
    public void ReachableFrom_Connected_IsListed()
    {
        var entry = new ConnectivityEntry { SwitchId = "sw-1", Mode = ConnectivityMode.Connected, Switches = ["sw-3", "sw-1"] };

        var reachable = ConnectivityOptimizer.ReachableFrom(entry, ["sw-2", "sw-3", "sw-4"]);

        Assert.True(reachable.SetEquals(["sw-3"]));
    }

    private static Gen<(string[] Peers, HashSet<string> Reachable)> Networks() =>
        from n in Gen.Choose(0, 30)
        from flags in Gen.Elements(true, false).ArrayOf(n)
        let peers = Enumerable.Range(0, n).Select(i => $"sw-{i:D2}").ToArray()
        select (peers, new HashSet<string>(peers.Where((_, i) => flags[i]), StringComparer.Ordinal));

    [Fact]
    public void Optimize_ThenReachableFrom_RoundTrips()
    {
        Prop.ForAll(Networks().ToArbitrary(), net =>
        {
            var entry = ConnectivityOptimizer.Optimize("self", net.Peers, net.Reachable);
            return ConnectivityOptimizer.ReachableFrom(entry, net.Peers).SetEquals(net.Reachable);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Optimize_ChosenList_NeverLongerThanTheOther()
    {
        Prop.ForAll(Networks().ToArbitrary(), net =>
        {
            var entry = ConnectivityOptimizer.Optimize("self", net.Peers, net.Reachable);
            var other = net.Peers.Length - entry.Switches.Count;
            var sorted = entry.Switches.Order(StringComparer.Ordinal).SequenceEqual(entry.Switches);
            return entry.Switches.Count <= other && sorted;
        }).QuickCheckThrowOnFailure();
    }

    [Property]
    public bool Optimize_ArbitraryIds_RoundTripsOverDistinctPeers(NonNull<string>[] ids, bool[] flags)
    {
        var peers = ids.Select(i => i.Get).Where(i => i != "self").Distinct(StringComparer.Ordinal).ToArray();
        var reachable = new HashSet<string>(peers.Where((_, i) => i < flags.Length && flags[i]), StringComparer.Ordinal);

        var entry = ConnectivityOptimizer.Optimize("self", peers, reachable);

        return ConnectivityOptimizer.ReachableFrom(entry, peers).SetEquals(reachable)
            && entry.Switches.Count <= peers.Length - entry.Switches.Count;
    }
}
