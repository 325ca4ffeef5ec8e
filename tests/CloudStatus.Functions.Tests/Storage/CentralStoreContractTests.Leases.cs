using CloudStatus.Core.Ownership;

namespace CloudStatus.Functions.Tests.Storage;

public abstract partial class CentralStoreContractTests
{
    [Fact]
    public async Task LeaseStore_CreateThenGet_RoundTripsEveryField()
    {
        var lease = LeaseArbiter.PrimaryLost(LeaseArbiter.Create("t1", "srv-a", "srv-b", T0), T0.AddSeconds(1), LossSignals.PeerLink).Lease
            with { PrimaryHeardSince = T0.AddSeconds(2), Handbacks = 3 };

        Assert.True(await Stores.Leases.TryWriteAsync(lease, expectedVersion: null));

        Assert.Equal(lease, await Stores.Leases.GetAsync("t1", "srv-a"));
        Assert.Null(await Stores.Leases.GetAsync("t1", "srv-b"));
        Assert.Null(await Stores.Leases.GetAsync("t2", "srv-a"));
    }

    [Fact]
    public async Task LeaseStore_CreateTwice_SecondLoses()
    {
        var lease = LeaseArbiter.Create("t1", "srv-a", "srv-b", T0);
        Assert.True(await Stores.Leases.TryWriteAsync(lease, null));

        Assert.False(await Stores.Leases.TryWriteAsync(lease with { PeerId = "srv-c" }, null));
        Assert.Equal("srv-b", (await Stores.Leases.GetAsync("t1", "srv-a"))!.PeerId);
    }

    [Fact]
    public async Task LeaseStore_TwoWritersFromTheSameRead_OnlyOneWins()
    {
        var lease = LeaseArbiter.Create("t1", "srv-a", "srv-b", T0);
        await Stores.Leases.TryWriteAsync(lease, null);
        var read = (await Stores.Leases.GetAsync("t1", "srv-a"))!;
        var takeover = LeaseArbiter.PrimaryLost(read, T0.AddSeconds(1), LossSignals.HeartbeatSweep).Lease;
        var heard = LeaseArbiter.PrimaryHeard(read, T0.AddSeconds(1), TimeSpan.Zero).Lease with { Version = read.Version + 1, Signal = "x" };

        var first = await Stores.Leases.TryWriteAsync(takeover, read.Version);
        var second = await Stores.Leases.TryWriteAsync(heard, read.Version);

        Assert.Equal((true, false), (first, second));
        Assert.Equal(("srv-b", 2L), ((await Stores.Leases.GetAsync("t1", "srv-a"))!.HolderId, (await Stores.Leases.GetAsync("t1", "srv-a"))!.Token));
    }

    [Fact]
    public async Task LeaseStore_ListByTenant_OrderedAndScoped()
    {
        await Stores.Leases.TryWriteAsync(LeaseArbiter.Create("t1", "srv-c", "srv-d", T0), null);
        await Stores.Leases.TryWriteAsync(LeaseArbiter.Create("t1", "srv-a", "srv-b", T0), null);
        await Stores.Leases.TryWriteAsync(LeaseArbiter.Create("t2", "srv-x", "srv-y", T0), null);

        var listed = await Stores.Leases.ListByTenantAsync("t1");

        Assert.Equal(["srv-a", "srv-c"], listed.Select(l => l.PrimaryId));
    }
}
