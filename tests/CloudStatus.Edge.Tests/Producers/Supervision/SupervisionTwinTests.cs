using System.Text.Json.Nodes;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Twin;

namespace CloudStatus.Edge.Tests.Producers.Supervision;

/// <summary>The twin's <c>supervision</c> section: replaces the configured one as a whole, or is refused as a whole with the reason.</summary>
public sealed class SupervisionTwinTests
{
    private const string Section = """
        {"supervision":{
          "groups":{"acme":{"tenant":"t-acme"}},
          "processes":{
            "db":{"group":"acme","priority":1,"frequency":"00:00:05","start":["/usr/bin/db"],"probe":{"kind":"tcp","port":5432}},
            "api":{"group":"acme","dependsOn":["DEP"],"frequency":"00:00:02","start":["/usr/bin/api"],"probe":{"kind":"http","url":"http://127.0.0.1:8080/health","timeout":"00:00:01"}}
          }}}
        """;

    private static EdgeNodeOptions Configured() => new() { TenantId = "t-1", SiteId = "site-1", ServerId = "srv-01", DataDirectory = "/data" };

    [Fact]
    public void Apply_ValidSupervision_ReplacesTheConfiguredOneAndIsDescribedBack()
    {
        var errors = TwinConfiguration.Apply(Configured(), JsonNode.Parse(Section.Replace("DEP", "db", StringComparison.Ordinal))!.AsObject(), out var effective);

        Assert.Empty(errors);
        Assert.Equal(["db", "api"], effective.Supervision.Processes.Keys.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal("t-acme", effective.Supervision.Groups["acme"].Tenant);
        var described = TwinConfiguration.Describe(effective)["supervision"]!;
        Assert.Equal(5432, (int?)described["processes"]!["db"]!["probe"]!["port"]);
    }

    [Fact]
    public void Apply_SupervisionWithACycle_RefusedWithTheReason()
    {
        var cyclic = JsonNode.Parse(Section.Replace("DEP", "api", StringComparison.Ordinal))!.AsObject();
        cyclic["supervision"]!["processes"]!["db"]!["dependsOn"] = new JsonArray("api");
        cyclic["supervision"]!["processes"]!["api"]!["dependsOn"] = new JsonArray("db");

        var errors = TwinConfiguration.Apply(Configured(), cyclic, out _);

        Assert.Equal(["supervision.processes: dependency cycle api → db → api."], errors);
    }

    [Fact]
    public void Apply_UnknownMember_Refused()
    {
        var errors = TwinConfiguration.Apply(Configured(), JsonNode.Parse("""{"supervision":{"procs":{}}}""")!.AsObject(), out _);

        Assert.Single(errors, e => e.StartsWith("supervision: ", StringComparison.Ordinal) && e.Contains("procs", StringComparison.Ordinal));
    }
}
