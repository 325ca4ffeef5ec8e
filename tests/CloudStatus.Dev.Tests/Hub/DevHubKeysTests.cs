using System.Security.Cryptography;
using System.Text;
using CloudStatus.Dev.Hub;
using CloudStatus.Edge.Transport.IotHub;

namespace CloudStatus.Dev.Tests.Hub;

public sealed class DevHubKeysTests
{
    private const string MasterKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    [Fact]
    public void DeriveModuleKey_IsHmacOfIdentityUnderMasterKey()
    {
        var expected = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(MasterKey), Encoding.UTF8.GetBytes("srv-01/cloudstatus")));

        Assert.Equal(expected, DevHubKeys.DeriveModuleKey(MasterKey, "srv-01", "cloudstatus"));
        Assert.NotEqual(expected, DevHubKeys.DeriveModuleKey(MasterKey, "srv-02", "cloudstatus"));
    }

    [Fact]
    public void ConnectionString_ParsesAsModuleConnectionStringWithDerivedKey()
    {
        var parsed = ModuleConnectionString.Parse(DevHubKeys.ConnectionString("dev.azure-devices.net", "127.0.0.1", "srv-03", "cloudstatus", MasterKey));

        Assert.Equal("dev.azure-devices.net", parsed.HostName);
        Assert.Equal("127.0.0.1", parsed.GatewayHostName);
        Assert.Equal("srv-03", parsed.DeviceId);
        Assert.Equal("cloudstatus", parsed.ModuleId);
        Assert.Equal(DevHubKeys.DeriveModuleKey(MasterKey, "srv-03", "cloudstatus"), parsed.SharedAccessKey);
    }
}
