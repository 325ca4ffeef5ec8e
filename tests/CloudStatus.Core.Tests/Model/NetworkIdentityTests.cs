using CloudStatus.Core.Model;

namespace CloudStatus.Core.Tests.Model;

public sealed class NetworkIdentityTests
{
    [Theory]
    [InlineData("02:00:5e:10:00:01")]
    [InlineData("02:00:5E:10:00:01")]
    [InlineData("02-00-5e-10-00-01")]
    [InlineData("0200.5e10.0001")]
    [InlineData("02005E100001")]
    public void MacTryNormalize_UsualNotations_GiveLowerCaseColonForm(string text)
    {
        Assert.True(MacAddress.TryNormalize(text, out var mac));
        Assert.Equal("02:00:5e:10:00:01", mac);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("02:00:5e:10:00")]
    [InlineData("02:00:5e:10:00:0g")]
    [InlineData("02:00-5e:10:00:01")]
    [InlineData("02:00:5e:10:00:01:02")]
    [InlineData("0200.5e10-0001")]
    public void MacTryNormalize_NotAMac_IsRefused(string? text) => Assert.False(MacAddress.TryNormalize(text, out _));

    [Fact]
    public void MacIsNormalized_OnlyTheWireForm() =>
        Assert.Equal((true, false), (MacAddress.IsNormalized("02:00:5e:10:00:01"), MacAddress.IsNormalized("02-00-5e-10-00-01")));

    [Theory]
    [InlineData("10.0.1.5", "10.0.1.5")]
    [InlineData("fd00:0:0:0:0:0:0:5", "fd00::5")]
    [InlineData("FD00::5", "fd00::5")]
    public void IpTryNormalize_Addresses_GiveCanonicalForm(string text, string expected)
    {
        Assert.True(IpAddressText.TryNormalize(text, out var ip));
        Assert.Equal(expected, ip);
    }

    [Theory]
    [InlineData("10.1")]
    [InlineData("10.0.1.256")]
    [InlineData("host.example")]
    [InlineData("fe80::1%eth0")]
    [InlineData(" ")]
    public void IpTryNormalize_NotAnAddress_IsRefused(string text) => Assert.False(IpAddressText.TryNormalize(text, out _));
}
