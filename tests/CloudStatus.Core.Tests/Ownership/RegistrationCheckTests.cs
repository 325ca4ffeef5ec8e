using CloudStatus.Core.Ownership;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Tests.Ownership;

public sealed class RegistrationCheckTests
{
    private static readonly ServerRegistration WithPeer = new() { SoftwareVersion = "1.0", FailoverPeer = "srv-b" };
    private static readonly HashSet<string> Sites = new(["site-1"], StringComparer.Ordinal);

    [Fact]
    public void Refusal_KnownSiteAndPeerOfTheSameTenant_Accepted() =>
        Assert.Null(RegistrationCheck.Refusal(WithPeer, "t", "site-1", Sites, "t"));

    [Fact]
    public void Refusal_TenantWithoutASiteListAndPeerNotYetHeardOf_Accepted() =>
        Assert.Null(RegistrationCheck.Refusal(WithPeer, "t", "site-new", null, null));

    [Fact]
    public void Refusal_SiteTheTenantDoesNotList_NamesTheSite() =>
        Assert.Equal("site 'site-9' is not a site of tenant 't'", RegistrationCheck.Refusal(WithPeer, "t", "site-9", Sites, "t"));

    [Fact]
    public void Refusal_PeerOfAnotherTenant_NamesThePeer() =>
        Assert.Equal("failover peer 'srv-b' belongs to another tenant", RegistrationCheck.Refusal(WithPeer, "t", "site-1", Sites, "u"));
}
