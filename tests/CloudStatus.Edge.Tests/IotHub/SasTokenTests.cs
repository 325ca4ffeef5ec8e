using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CloudStatus.Edge.Transport.IotHub;
using CloudStatus.Edge.Transport.IotHub.Sas;

namespace CloudStatus.Edge.Tests.IotHub;

public sealed class SasTokenTests
{
    // Computed outside .NET (Python hmac/hashlib/urllib.parse.quote) from the documented algorithm.
    private const string KnownKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string KnownToken =
        "SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fsrv-01%2Fmodules%2Fcloudstatus"
        + "&sig=9uRysum2mQLKYPHxrVYdHuPRxcjDqxZyAURjOuythG0%3D&se=1700000000";

    [Fact]
    public async Task GetTokenAsync_KnownKeyAndExpiry_MatchesIndependentlyComputedToken()
    {
        var provider = new SharedAccessKeySasTokenProvider(KnownKey);

        var token = await provider.GetTokenAsync(
            "MyHub.azure-devices.net/devices/Srv-01/modules/cloudstatus",
            DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

        Assert.Equal(KnownToken, token);
    }

    [Fact]
    public async Task GetTokenAsync_RandomKey_MatchesDocumentedAlgorithm()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var expiry = DateTimeOffset.FromUnixTimeSeconds(1_800_000_123);
        var provider = new SharedAccessKeySasTokenProvider(Convert.ToBase64String(key));

        var token = await provider.GetTokenAsync(SharedAccessSignature.ModuleResource("Hub.azure-devices.net", "srv-02", "cloudstatus"), expiry);

        // Documented: sr = enc(lower(resource)); sig = base64(HMACSHA256(key, sr + "\n" + se)), URL-encoded.
        const string sr = "hub.azure-devices.net%2Fdevices%2Fsrv-02%2Fmodules%2Fcloudstatus";
        var sig = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(sr + "\n1800000123")));
        Assert.Equal($"SharedAccessSignature sr={sr}&sig={Uri.EscapeDataString(sig)}&se=1800000123", token);
    }

    [Fact]
    public void TryParse_CreatedToken_RoundTripsAndVerifiesOnlyWithItsKey()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var token = SharedAccessSignature.Create("hub/devices/d/modules/m", key, DateTimeOffset.FromUnixTimeSeconds(2_000_000_000));

        Assert.True(SharedAccessSignature.TryParse(token, out var fields));
        Assert.Equal("hub/devices/d/modules/m", fields.Resource);
        Assert.Equal(2_000_000_000, fields.ExpiresOn);
        Assert.Null(fields.KeyName);
        Assert.True(fields.IsSignedWith(key));
        Assert.False(fields.IsSignedWith(RandomNumberGenerator.GetBytes(32)));
        Assert.DoesNotContain(fields.Signature, fields.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("SharedAccessSignature sr=a&sig=b")]
    [InlineData("SharedAccessSignature sr=a&sig=b&se=soon")]
    [InlineData("SharedAccessSignature sr=a&sig=b&se=1&zz=1")]
    public void TryParse_Malformed_ReturnsFalse(string? token)
    {
        Assert.False(SharedAccessSignature.TryParse(token, out _));
    }

    [Fact]
    public void Constructor_KeyNotBase64_ThrowsWithoutEchoingIt()
    {
        var exception = Assert.Throws<ArgumentException>(() => new SharedAccessKeySasTokenProvider("not*base64!"));

        Assert.DoesNotContain("not*base64!", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeResource_LowerCasesAndEncodesSlashes()
    {
        Assert.Equal(
            WebUtility.UrlEncode("hub.azure-devices.net/devices/a.b-c/modules/m"),
            SharedAccessSignature.EncodeResource("HUB.azure-devices.net/devices/A.B-c/modules/M"));
        Assert.Equal(
            string.Create(CultureInfo.InvariantCulture, $"h%2Fdevices%2Fd%2Fmodules%2Fm"),
            SharedAccessSignature.EncodeResource("h/devices/d/modules/m"));
    }
}
