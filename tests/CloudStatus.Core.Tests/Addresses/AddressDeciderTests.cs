using CloudStatus.Core.Addresses;

namespace CloudStatus.Core.Tests.Addresses;

public sealed class AddressDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 20, 0, 0, TimeSpan.Zero);

    private static readonly AddressNetworks Networks = new(new Dictionary<string, IReadOnlyList<Subnet>>
    {
        ["site-a"] = [Parse("10.1.0.0/16")],
        ["site-b"] = [Parse("10.1.0.0/16")],
    });

    [Fact]
    public void Decide_FreeAddress_AppliesTheClaimInItsNetwork()
    {
        var decision = AddressDecider.Decide(Claim("p1", "02:00:00:00:00:01", "10.1.0.5"), [], Networks);

        Assert.Equal("site-a/10.1.0.0/16", decision.Binding!.Network);
        Assert.Equal("10.1.0.5", decision.Binding.Ip);
    }

    [Fact]
    public void Decide_IpHeldInTheSameNetwork_BacksOutAsIpConflictNamingTheHolder()
    {
        var master = new[] { Bound("p1", "02:00:00:00:00:01", "10.1.0.5") };

        var decision = AddressDecider.Decide(Claim("p2", "02:00:00:00:00:02", "10.1.0.5"), master, Networks);

        Assert.Null(decision.Binding);
        Assert.Equal(ConflictKinds.Ip, decision.Conflict!.Kind);
        Assert.Equal(new ProducerRef("srv-1", "p1"), decision.Conflict.Holder);
        Assert.Equal(new ProducerRef("srv-1", "p2"), decision.Conflict.Newcomer);
        Assert.Equal(ConflictStatuses.Open, decision.Conflict.Status);
    }

    [Fact]
    public void Decide_SameIpAtAnotherSite_IsAnotherNetworkAndApplies()
    {
        var master = new[] { Bound("p1", null, "10.1.0.5") };

        var decision = AddressDecider.Decide(Claim("p2", null, "10.1.0.5") with { SiteId = "site-b" }, master, Networks);

        Assert.Equal("site-b/10.1.0.0/16", decision.Binding!.Network);
    }

    [Fact]
    public void Decide_MacHeldAnywhereInTheTenant_BacksOutAsMacConflict()
    {
        var master = new[] { Bound("p1", "02:00:00:00:00:01", "10.1.0.5") with { SiteId = "site-b", Network = "site-b/10.1.0.0/16" } };

        var decision = AddressDecider.Decide(Claim("p2", "02-00-00-00-00-01", "10.1.0.6"), master, Networks);

        Assert.Equal(ConflictKinds.Mac, decision.Conflict!.Kind);
        Assert.Equal("02:00:00:00:00:01", decision.Conflict.Address);
    }

    [Theory]
    [InlineData("zz:00", "10.1.0.5", "MAC address")]
    [InlineData(null, "10.1", "IP address")]
    [InlineData(null, "10.2.0.5", "none of site 'site-a''s networks")]
    public void Decide_MalformedOrOutsideEveryNetwork_IsRefusedWithTheReason(string? mac, string ip, string reason)
    {
        var decision = AddressDecider.Decide(Claim("p2", mac, ip), [], Networks);

        Assert.Equal(ConflictKinds.Invalid, decision.Conflict!.Kind);
        Assert.Null(decision.Conflict.Holder);
        Assert.Contains(reason, decision.Conflict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_SameAddressesAgain_IsUnchanged_AndAChangeMovesTheEntry()
    {
        var master = new[] { Bound("p1", "02:00:00:00:00:01", "10.1.0.5") };

        Assert.True(AddressDecider.Decide(Claim("p1", "02:00:00:00:00:01", "10.1.0.5"), master, Networks).IsUnchanged);
        var moved = AddressDecider.Decide(Claim("p1", null, "10.1.0.7"), master, Networks);
        Assert.Equal(("02:00:00:00:00:01", "10.1.0.7"), (moved.Binding!.Mac, moved.Binding.Ip));
    }

    [Fact]
    public void Decide_UnconfiguredSite_IsOneNetworkNamedBySite()
    {
        var decision = AddressDecider.Decide(Claim("p1", null, "192.168.9.9") with { SiteId = "site-x" }, [], Networks);

        Assert.Equal("site-x", decision.Binding!.Network);
    }

    [Theory]
    [InlineData("10.1.0.0/16", true, "")]
    [InlineData("10.1.0.5/16", false, "host bits")]
    [InlineData("10.1.0.0", false, "CIDR")]
    [InlineData("10.1.0.0/33", false, "at most 32")]
    [InlineData("fd00::/64", true, "")]
    public void SubnetTryParse_Text_ParsesOrSaysWhy(string text, bool ok, string error)
    {
        Assert.Equal(ok, Subnet.TryParse(text, out _, out var why));
        Assert.Contains(error, why, StringComparison.Ordinal);
    }

    [Fact]
    public void PickFree_PoolWithHeldAddresses_GivesTheLowestFreeHost()
    {
        var master = new[] { Bound("p1", null, "10.1.0.1"), Bound("p2", null, "10.1.0.2") with { ProducerId = "p2" } };

        var picked = AddressPool.PickFree(Parse("10.1.0.0/29"), Parse("10.1.0.0/16"), "site-a/10.1.0.0/16", master, ["10.1.0.3"], out _);

        Assert.Equal("10.1.0.4", picked);
    }

    [Fact]
    public void PickFree_ExhaustedOrForeignPool_IsNullWithWhy()
    {
        var master = new[] { Bound("p1", null, "10.1.0.1"), Bound("p2", null, "10.1.0.2") with { ProducerId = "p2" } };

        Assert.Null(AddressPool.PickFree(Parse("10.1.0.0/30"), Parse("10.1.0.0/16"), "site-a/10.1.0.0/16", master, [], out var full));
        Assert.Contains("no free address", full, StringComparison.Ordinal);
        Assert.Null(AddressPool.PickFree(Parse("10.9.0.0/30"), Parse("10.1.0.0/16"), "site-a/10.1.0.0/16", master, [], out var foreign));
        Assert.Contains("not inside", foreign, StringComparison.Ordinal);
    }

    [Fact]
    public void ItemId_OddOrLongIds_StaysInTheIdAlphabetAndLength()
    {
        var odd = IdentityChanges.ItemId("srv/1", "sw#2 a", "e?", 3);
        var longer = IdentityChanges.ItemId(new string('s', 100), new string('p', 100), "e", 1);

        Assert.Matches("^[A-Za-z0-9._:-]+$", odd);
        Assert.Equal("srv_1:sw_2_a:e_:3", odd);
        Assert.Equal(120, longer.Length);
        Assert.NotEqual(longer, IdentityChanges.ItemId(new string('s', 100), new string('p', 101), "e", 1));
    }

    private static Subnet Parse(string text) => Subnet.TryParse(text, out var subnet, out var error) ? subnet : throw new ArgumentException(error);

    private static AddressClaim Claim(string producer, string? mac, string? ip) => new()
    {
        Id = IdentityChanges.ItemId("srv-1", producer, "e", 1),
        TenantId = "t1",
        SiteId = "site-a",
        ServerId = "srv-1",
        ProducerId = producer,
        Mac = mac,
        Ip = ip,
        Source = AddressSources.Ingest,
        At = Now,
    };

    private static AddressBinding Bound(string producer, string? mac, string? ip) => new()
    {
        TenantId = "t1",
        SiteId = "site-a",
        ServerId = "srv-1",
        ProducerId = producer,
        Mac = mac,
        Ip = ip,
        Network = ip is null ? null : "site-a/10.1.0.0/16",
        ItemId = "i0",
        Since = Now,
    };
}
