using CloudStatus.Core.Central;
using CloudStatus.Core.Ownership;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Tests.Ownership;

public sealed class NeighbourhoodTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static ServerState Server(string id, string site, string? peer = null, string? lan = null, bool accepted = true) => new()
    {
        ServerId = id,
        TenantId = "t",
        SiteId = site,
        Epoch = "e",
        RegisteredAt = Now,
        Registration = peer is null && lan is null ? null : new RegistrationState
        {
            Registration = new ServerRegistration { SoftwareVersion = "1", FailoverPeer = peer, LanAddress = lan },
            Accepted = accepted,
            Reason = accepted ? null : "refused",
            ReceivedAt = Now,
        },
    };

    [Fact]
    public void For_PeerInAnotherSite_SiteAndPeerAndCoveredWithTheirAddresses()
    {
        var a = Server("srv-a", "s1", peer: "srv-x", lan: "10.0.0.1:5680");
        var servers = new[]
        {
            a,
            Server("srv-b", "s1", lan: "10.0.0.2:5680"),
            Server("srv-c", "s1", peer: "srv-a", lan: "10.0.0.3:5680"),
            Server("srv-x", "s2", lan: "10.9.0.1:5680"),
            Server("srv-y", "s2", lan: "10.9.0.2:5680"),
        };

        var told = Neighbourhood.For(a, servers);

        Assert.Equal("srv-x", told.FailoverPeer);
        Assert.Equal(["srv-c"], told.Covers);
        Assert.Equal(
            [("srv-b", "10.0.0.2:5680"), ("srv-c", "10.0.0.3:5680"), ("srv-x", "10.9.0.1:5680")],
            told.Servers.Select(s => (s.ServerId, s.LanAddress)));
    }

    [Fact]
    public void For_RefusedRegistrations_NamePeerNorAddressNorCover()
    {
        var a = Server("srv-a", "s1", peer: "srv-b", lan: "10.0.0.1:5680", accepted: false);
        var b = Server("srv-b", "s1", peer: "srv-a", lan: "10.0.0.2:5680", accepted: false);

        var told = Neighbourhood.For(a, [a, b]);

        Assert.Null(told.FailoverPeer);
        Assert.Empty(told.Covers);
        Assert.Equal([("srv-b", (string?)null)], told.Servers.Select(s => (s.ServerId, s.LanAddress)));
    }

    [Fact]
    public void Affected_ServerRegisters_ItselfItsSiteItsPeerAndItsCovered()
    {
        var a = Server("srv-a", "s1", peer: "srv-x", lan: "10.0.0.1:5680");
        var servers = new[] { a, Server("srv-b", "s1"), Server("srv-x", "s2", peer: "srv-a"), Server("srv-y", "s2") };

        var affected = Neighbourhood.Affected(a, servers);

        Assert.Equal(["srv-a", "srv-b", "srv-x"], affected.Select(s => s.ServerId));
    }

    [Fact]
    public void Validate_MalformedLists_Refused()
    {
        Assert.NotNull(new Commands.NeighboursRequest { Servers = [new() { ServerId = "bad id", SiteId = "s" }] }.Validate());
        Assert.NotNull(new Commands.NeighboursRequest { Servers = [new() { ServerId = "srv-a", SiteId = "s", LanAddress = "a b:1" }] }.Validate());
        Assert.NotNull(new Commands.NeighboursRequest { Covers = null! }.Validate());
        Assert.Null(new Commands.NeighboursRequest { FailoverPeer = "srv-b", Covers = ["srv-b"], Servers = [new() { ServerId = "srv-b", SiteId = "s" }] }.Validate());
    }
}
