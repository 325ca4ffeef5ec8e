using System.Text.Json.Nodes;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Producers.Adapters;
using CloudStatus.Edge.Twin;

namespace CloudStatus.Edge.Tests.Twin;

/// <summary>The twin's <c>equipment</c> section: taken whole, refused whole, described back without secrets.</summary>
public sealed class TwinEquipmentTests
{
    private const string Valid = """
        {"equipment":{
          "sw01":{"producerId":"srv-01.sw-01","kind":"switch","parentId":"srv-01","url":"https://10.0.0.11:8443/mgmt/",
                  "interval":"00:00:15","timeout":"00:00:03","credentialFile":"/run/secrets/sw01","caCertificateFile":"/etc/switch-ca.pem"},
          "sw02":{"producerId":"srv-01.sw-02","kind":"switch","parentId":"srv-01","url":"http://10.0.0.12/","credentialEnvironmentVariable":"SW02_TOKEN"}}}
        """;

    private static EdgeNodeOptions Configured() => new()
    {
        TenantId = "t-1", SiteId = "site-1", ServerId = "srv-01", DataDirectory = "/data",
        Equipment = new(StringComparer.Ordinal) { ["old"] = new EquipmentOptions { ProducerId = "srv-01.sw-09", Kind = "switch", Url = new Uri("http://10.0.0.9/") } },
    };

    [Fact]
    public void Apply_ValidSection_ReplacesTheConfiguredEquipment()
    {
        var errors = TwinConfiguration.Apply(Configured(), JsonNode.Parse(Valid)!.AsObject(), out var effective);

        Assert.Empty(errors);
        Assert.Equal(["sw01", "sw02"], effective.Equipment.Keys.Order(StringComparer.Ordinal));
        var sw01 = effective.Equipment["sw01"];
        Assert.Equal(("srv-01.sw-01", new Uri("https://10.0.0.11:8443/mgmt/"), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(3), "/run/secrets/sw01"),
            (sw01.ProducerId, sw01.Url, sw01.Interval, sw01.Timeout, sw01.CredentialFile));
        Assert.Equal("SW02_TOKEN", effective.Equipment["sw02"].CredentialEnvironmentVariable);
    }

    [Theory]
    [InlineData("""{"equipment":{"sw01":{"producerId":"srv-01.sw-01","kind":"switch","url":"http://a/","password":"x"}}}""", "password")]
    [InlineData("""{"equipment":{"sw01":{"producerId":"srv-01.sw-01","kind":"switch","url":"ftp://a/"}}}""", "equipment.sw01.url")]
    [InlineData("""{"equipment":{"sw01":{"producerId":"srv-01.sw-01","kind":"switch","url":"http://a/","adapter":"snmp"}}}""", "equipment.sw01.adapter")]
    [InlineData("""{"equipment":{"a":{"producerId":"srv-01.sw-01","kind":"switch","url":"http://a/"},"b":{"producerId":"srv-01.sw-01","kind":"switch","url":"http://b/"}}}""", "already reached")]
    [InlineData("""{"equipment":{"sw01":"http://a/"}}""", "equipment.sw01: must be an object")]
    [InlineData("""{"equipment":[1]}""", "equipment: must be an object")]
    public void Apply_OneBadEntry_RefusesTheWholeDocumentWithTheReason(string desired, string expected)
    {
        var document = JsonNode.Parse(desired)!.AsObject();
        var good = JsonNode.Parse(Valid)!["equipment"]!["sw02"]!.DeepClone();
        if (document["equipment"] is JsonObject equipment && !equipment.ContainsKey("sw02"))
        {
            equipment["sw02"] = good;
        }

        var errors = TwinConfiguration.Apply(Configured(), document, out _);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Describe_Equipment_NamesCredentialReferencesOnly_AndRoundTrips()
    {
        TwinConfiguration.Apply(Configured(), JsonNode.Parse(Valid)!.AsObject(), out var effective);

        var described = TwinConfiguration.Describe(effective);
        var errors = TwinConfiguration.Apply(Configured(), new JsonObject { ["equipment"] = described["equipment"]!.DeepClone() }, out var again);

        Assert.Equal("/run/secrets/sw01", described["equipment"]!["sw01"]!["credentialFile"]!.GetValue<string>());
        Assert.Empty(errors);
        Assert.True(JsonNode.DeepEquals(described, TwinConfiguration.Describe(again)));
    }
}
