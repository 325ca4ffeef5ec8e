using CloudStatus.Edge.Transport.IotHub;

namespace CloudStatus.Edge.Tests.IotHub;

public sealed class ModuleConnectionStringTests
{
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    [Fact]
    public void Parse_FullModuleConnectionString_ReadsEveryPart()
    {
        var parsed = ModuleConnectionString.Parse(
            $"HostName=hub.azure-devices.net;DeviceId=srv-01;ModuleId=cloudstatus;SharedAccessKey={Key};GatewayHostName=edgehub");

        Assert.Equal("hub.azure-devices.net", parsed.HostName);
        Assert.Equal("srv-01", parsed.DeviceId);
        Assert.Equal("cloudstatus", parsed.ModuleId);
        Assert.Equal(Key, parsed.SharedAccessKey);
        Assert.Equal("edgehub", parsed.GatewayHostName);
    }

    [Fact]
    public void Parse_CaseInsensitiveNamesSpacesAndTrailingSeparator_Accepted()
    {
        var parsed = ModuleConnectionString.Parse($" hostname=h ; deviceid=d;moduleid=m;sharedaccesskey={Key}; ");

        Assert.Equal("h", parsed.HostName);
        Assert.Null(parsed.GatewayHostName);
    }

    [Theory]
    [InlineData("DeviceId=d;ModuleId=m;SharedAccessKey=" + Key, "HostName")]
    [InlineData("HostName=h;ModuleId=m;SharedAccessKey=" + Key, "DeviceId")]
    [InlineData("HostName=h;DeviceId=d;SharedAccessKey=" + Key, "ModuleId")]
    [InlineData("HostName=h;DeviceId=d;ModuleId=m", "SharedAccessKey")]
    [InlineData("HostName=h;DeviceId=d;ModuleId=;SharedAccessKey=" + Key, "ModuleId")]
    public void Parse_MissingPart_NamesIt(string connectionString, string missing)
    {
        var exception = Assert.Throws<FormatException>(() => ModuleConnectionString.Parse(connectionString));

        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("HostName=h;DeviceId=d;ModuleId=m;SharedAccessKey=%%%not-base64%%%")]
    [InlineData("HostName=h;DeviceId=d;ModuleId=m;SharedAccessKey=" + Key + ";HostName=x")]
    [InlineData("HostName=h;DeviceId=d;ModuleId=m;SharedAccessKey=" + Key + ";SharedAccessKeyName=iothubowner")]
    [InlineData("HostName=h;DeviceId=d/e;ModuleId=m;SharedAccessKey=" + Key)]
    [InlineData("HostName=h;DeviceId=d;ModuleId=m;garbage;SharedAccessKey=" + Key)]
    public void Parse_Invalid_ThrowsFormatExceptionWithoutTheKey(string connectionString)
    {
        var exception = Assert.Throws<FormatException>(() => ModuleConnectionString.Parse(connectionString));

        Assert.DoesNotContain(Key, exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-base64", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_NeverShowsTheKey()
    {
        var parsed = ModuleConnectionString.Parse($"HostName=h;DeviceId=d;ModuleId=m;SharedAccessKey={Key}");

        Assert.DoesNotContain(Key, parsed.ToString(), StringComparison.Ordinal);
        Assert.Contains("DeviceId=d", parsed.ToString(), StringComparison.Ordinal);
    }
}
