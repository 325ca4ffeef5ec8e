using CloudStatus.Core.Wire;
using CloudStatus.Edge.Heap;

namespace CloudStatus.Edge.Tests.Heap;

public sealed class ConnectivityTrackerTests
{
    private static HashSet<string> Set(params string[] ids) => new(ids, StringComparer.Ordinal);

    [Fact]
    public void Update_DeclaredPeerOnAnotherServerUnreachable_IsListedDisconnected()
    {
        var tracker = new ConnectivityTracker();

        tracker.Update("srv-01.sw-01", Set("srv-01.sw-02", "srv-02.sw-01"), Set("srv-01.sw-02", "srv-02.sw-01", "srv-02.sw-02"));
        tracker.Update("srv-01.sw-02", Set("srv-01.sw-01", "srv-02.sw-01", "srv-02.sw-02"), Set("srv-01.sw-01", "srv-02.sw-01", "srv-02.sw-02"));

        var entries = tracker.Pending().ToDictionary(e => e.SwitchId);
        Assert.Equal(ConnectivityMode.Disconnected, entries["srv-01.sw-01"].Mode);
        Assert.Equal(["srv-02.sw-02"], entries["srv-01.sw-01"].Switches);
        Assert.Empty(entries["srv-01.sw-02"].Switches);
    }

    [Fact]
    public void Update_NoDeclaredPeers_AReachedRemoteSwitchIsAPeer()
    {
        var tracker = new ConnectivityTracker();

        tracker.Update("srv-01.sw-01", Set("srv-02.sw-01"));
        tracker.Update("srv-01.sw-02", Set());
        tracker.Update("srv-01.sw-03", Set());

        var entry = tracker.Pending().Single(e => e.SwitchId == "srv-01.sw-01");
        Assert.Equal(ConnectivityMode.Connected, entry.Mode);
        Assert.Equal(["srv-02.sw-01"], entry.Switches);
    }

    [Fact]
    public void Update_SameReachableNewPeers_IsAChange()
    {
        var tracker = new ConnectivityTracker();
        tracker.Update("a", Set("b"), Set("b"));
        tracker.Acknowledge(tracker.Pending());
        tracker.Update("a", Set("b"), Set("b"));
        Assert.Empty(tracker.Pending());

        tracker.Update("a", Set("b"), Set("b", "c"));

        var entry = Assert.Single(tracker.Pending());
        Assert.Equal(ConnectivityMode.Disconnected, entry.Mode);
        Assert.Equal(["c"], entry.Switches);
    }
}
