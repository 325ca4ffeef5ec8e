using CloudStatus.Core.Addresses;
using CloudStatus.Core.Central;
using CloudStatus.Core.Model;

namespace CloudStatus.Core.Tests.Addresses;

/// <summary>Releases, add reservations and address moves in the journal (docs/adr/0150).</summary>
public sealed class AddressLifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 20, 0, 0, TimeSpan.Zero);

    private static readonly AddressNetworks Networks = new(new Dictionary<string, IReadOnlyList<Subnet>>
    {
        ["site-a"] = [Subnet.TryParse("10.1.0.0/16", out var subnet, out _) ? subnet : throw new InvalidOperationException()],
    });

    [Fact]
    public void Decide_Release_ClearsTheEntry_AndTheAddressIsFreeForAnother()
    {
        var master = new[] { Bound("p1", "02:00:00:00:00:01", "10.1.0.5") };

        var released = AddressDecider.Decide(Claim("p1", null, null, AddressSources.Release), master, Networks).Binding!;
        var next = AddressDecider.Decide(Claim("p2", "02:00:00:00:00:01", "10.1.0.5"), [released], Networks);

        Assert.Equal((null, null, false), (released.Mac, released.Ip, released.HoldsAny));
        Assert.Equal("10.1.0.5", next.Binding!.Ip);
        Assert.True(AddressDecider.Decide(Claim("p1", null, null, AddressSources.Release), [released], Networks).IsUnchanged);
        Assert.Equal("10.1.0.5", AddressPool.PickFree(Parse("10.1.0.4/30"), Parse("10.1.0.0/16"), "site-a/10.1.0.0/16", [released, Bound("p3", null, "10.1.0.4")], [], out _));
    }

    [Fact]
    public void Decide_AddClaimOfAHeldIp_IsAConflictNamingTheAdd()
    {
        var master = new[] { Bound("p1", null, "10.1.0.5") with { ServerId = "srv-2" } };

        var decision = AddressDecider.Decide(Claim("new", null, "10.1.0.5", AddressSources.Add), master, Networks);

        Assert.Equal((ConflictKinds.Ip, "new", "p1"), (decision.Conflict!.Kind, decision.Conflict.Newcomer.ProducerId, decision.Conflict.Holder!.ProducerId));
        Assert.Equal(AddressSources.Add, decision.Conflict.Claim.Source);
    }

    [Fact]
    public void Decide_AddClaimOfAnAddressItsOwnServerHolds_IsUnchanged_TheEdgeMatchesTheAddToIt()
    {
        var master = new[] { Bound("p1", "02:00:00:00:00:01", "10.1.0.5") };

        Assert.True(AddressDecider.Decide(Claim("new", "02:00:00:00:00:01", null, AddressSources.Add), master, Networks).IsUnchanged);
    }

    [Fact]
    public void Decide_ProducerShowsUpWithAnAddsReservedMac_TakesItUp_AndTheReservationIsReleased()
    {
        var reservation = AddressDecider.Decide(Claim("new", "02:00:00:00:00:09", null, AddressSources.Add), [], Networks).Binding!;

        var decision = AddressDecider.Decide(Claim("sw-slot-1", "02:00:00:00:00:09", "10.1.0.9"), [reservation], Networks);
        var elsewhere = AddressDecider.Decide(Claim("sw-x", "02:00:00:00:00:09", null) with { ServerId = "srv-2" }, [reservation], Networks);

        Assert.Equal(("sw-slot-1", "10.1.0.9"), (decision.Binding!.ProducerId, decision.Binding.Ip));
        var released = Assert.Single(decision.Released);
        Assert.Equal(("new", false), (released.ProducerId, released.HoldsAny));
        Assert.Equal(ConflictKinds.Mac, elsewhere.Conflict!.Kind);
    }

    [Fact]
    public void Decide_AddEnded_ReleasesItsReservation_AndTheIpIsFreeForAnotherServer()
    {
        var reservation = Bound("new", null, "10.1.0.9") with { Source = AddressSources.Add };

        var ended = AddressDecider.Decide(Claim("new", null, null, AddressSources.AddEnded), [reservation], Networks);
        var after = AddressDecider.Decide(Claim("sw-x", null, "10.1.0.9") with { ServerId = "srv-2" }, [ended.Binding!], Networks);

        Assert.Equal((false, AddressSources.Release), (ended.Binding!.HoldsAny, ended.Binding.Source));
        Assert.Null(after.Conflict);
        Assert.Equal("10.1.0.9", after.Binding!.Ip);
    }

    [Fact]
    public void Decide_AddEnded_AfterItsDeviceShowedUpUnderTheAddsId_KeepsTheDevicesAddress()
    {
        var device = Bound("new", null, "10.1.0.9") with { Source = AddressSources.Ingest };

        Assert.True(AddressDecider.Decide(Claim("new", null, null, AddressSources.AddEnded), [device], Networks).IsUnchanged);
        Assert.True(AddressDecider.Decide(Claim("gone", null, null, AddressSources.AddEnded), [device], Networks).IsUnchanged);
    }

    [Fact]
    public void Detect_DeletedProducerWithAddresses_IsARelease_AndAMoveCarriesThePreviousIp()
    {
        var stored = new Dictionary<string, ProducerState>(StringComparer.Ordinal)
        {
            ["p1"] = Row("p1", "10.1.0.5"),
            ["p2"] = Row("p2", "10.1.0.6"),
            ["p3"] = Row("p3", null) with { Mac = null },
        };

        var items = IdentityChanges.Detect("site-a", [Row("p1", "10.1.0.5") with { Deleted = true, Seq = 2 }, Row("p2", "10.1.0.7") with { Seq = 2 }, Row("p3", null) with { Mac = null, Deleted = true, Seq = 2 }], stored, Now);

        Assert.Equal(2, items.Count);
        Assert.Equal((AddressSources.Release, null, null), (items[0].Source, items[0].Mac, items[0].Ip));
        Assert.Equal((AddressSources.Ingest, "10.1.0.7", "10.1.0.6"), (items[1].Source, items[1].Ip, items[1].PreviousIp));
    }

    private static Subnet Parse(string text) => Subnet.TryParse(text, out var subnet, out var error) ? subnet : throw new ArgumentException(error);

    private static ProducerState Row(string id, string? ip) => new()
    {
        TenantId = "t1",
        ServerId = "srv-1",
        ProducerId = id,
        Kind = ProducerKind.Switch,
        Health = Health.Online,
        Seq = 1,
        Epoch = "e",
        LocalTimestamp = Now,
        CentralTimestamp = Now,
        Mac = "02:00:00:00:00:0" + id[^1],
        Ip = ip,
    };

    private static AddressClaim Claim(string producer, string? mac, string? ip, string source = AddressSources.Ingest) => new()
    {
        Id = IdentityChanges.ItemId("srv-1", producer, "e", 1),
        TenantId = "t1",
        SiteId = "site-a",
        ServerId = "srv-1",
        ProducerId = producer,
        Mac = mac,
        Ip = ip,
        Source = source,
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
