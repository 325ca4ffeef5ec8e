using System.Text.Json.Nodes;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Twin;

namespace CloudStatus.Edge.Tests.Twin;

public sealed class TwinConfigurationTests
{
    private static EdgeNodeOptions Configured() => new() { TenantId = "t-1", SiteId = "site-1", ServerId = "srv-01", DataDirectory = "/data" };

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Apply_EveryKindOfSetting_LandsOnACopyOfTheConfiguredOptions()
    {
        var configured = Configured();

        var errors = TwinConfiguration.Apply(configured, Json("""
            {"period":"00:00:10","heartbeatInterval":"00:01:00","gzip":false,"retryInitialDelay":"00:00:00.500",
             "rules":{"reboot":false,"silenceTimeout":"1.00:00:00","silentKinds":["switch","fan"]},
             "chatter":{"window":"00:05:00","threshold":6}}
            """), out var effective);

        Assert.Empty(errors);
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1), false, TimeSpan.FromMilliseconds(500)),
            (effective.Period, effective.EffectiveHeartbeatInterval, effective.Gzip, effective.RetryInitialDelay));
        Assert.False(effective.Rules.Reboot);
        Assert.Equal(TimeSpan.FromDays(1), effective.Rules.SilenceTimeout);
        Assert.Equal([ProducerKind.Switch, ProducerKind.Fan], effective.Rules.EffectiveSilentKinds);
        Assert.Equal((TimeSpan.FromMinutes(5), 6), (effective.Chatter.Window, effective.Chatter.Threshold));
        Assert.Equal(("srv-01", "/data"), (effective.ServerId, effective.DataDirectory));

        // The configured options are untouched.
        Assert.Equal((TimeSpan.FromSeconds(30), true, true, 4), (configured.Period, configured.Gzip, configured.Rules.Reboot, configured.Chatter.Threshold));
    }

    [Fact]
    public void Apply_EmptyDesired_EffectiveEqualsConfigured()
    {
        var errors = TwinConfiguration.Apply(Configured(), [], out var effective);

        Assert.Empty(errors);
        Assert.True(JsonNode.DeepEquals(TwinConfiguration.Describe(Configured()), TwinConfiguration.Describe(effective)));
    }

    [Fact]
    public void Describe_ThenApply_RoundTripsEverySetting()
    {
        var options = Configured();
        options.Period = TimeSpan.FromSeconds(7);
        options.Rules.HealthChangeKinds = [ProducerKind.Switch];
        options.Chatter.Threshold = 9;
        var described = TwinConfiguration.Describe(options);

        var errors = TwinConfiguration.Apply(Configured(), described, out var effective);

        Assert.Empty(errors);
        Assert.True(JsonNode.DeepEquals(described, TwinConfiguration.Describe(effective)));
        Assert.Equal("00:00:07", (string?)described["period"]);
        Assert.Equal(9, (int?)described["chatter"]!["threshold"]);
        var tunables = described.Where(p => p.Key is not (TwinConfiguration.EquipmentSection or "supervision")).ToList();
        Assert.Equal(TwinConfiguration.Settings.Count, tunables.Count(p => p.Value is not JsonObject) + tunables.Sum(p => p.Value is JsonObject o ? o.Count : 0));
    }

    [Theory]
    [InlineData("""{"period":"30s"}""", "period: \"30s\" is not a duration")]
    [InlineData("""{"period":30}""", "period: 30 is not a duration")]
    [InlineData("""{"gzip":"yes"}""", "gzip: \"yes\" is not true or false")]
    [InlineData("""{"chatter":{"threshold":2.5}}""", "chatter.threshold: 2.5 is not a whole number")]
    [InlineData("""{"rules":{"silentKinds":"switch"}}""", "rules.silentKinds: \"switch\" is not an array")]
    [InlineData("""{"rules":true}""", "rules: must be an object")]
    [InlineData("""{"perod":"00:00:10"}""", "perod: not a setting of this module")]
    [InlineData("""{"rules":{"rebot":true}}""", "rules.rebot: not a setting of this module")]
    [InlineData("""{"serverId":"srv-99"}""", "serverId: not a setting of this module")]
    [InlineData("""{"period":"00:00:00.001"}""", "Period must be at least 10 ms")]
    [InlineData("""{"chatter":{"threshold":1}}""", "Threshold of at least 2")]
    public void Apply_InvalidValue_ErrorNamesTheProperty(string desired, string expected)
    {
        var errors = TwinConfiguration.Apply(Configured(), Json(desired), out _);

        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Apply_SeveralProblems_ListsEachOne()
    {
        var errors = TwinConfiguration.Apply(Configured(), Json("""{"period":"x","gzip":1,"unknown":true}"""), out _);

        Assert.Equal(3, errors.Count);
    }
}
