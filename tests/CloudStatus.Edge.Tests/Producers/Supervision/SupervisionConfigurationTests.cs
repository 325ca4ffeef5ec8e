using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Producers.Supervision;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Configuration;

namespace CloudStatus.Edge.Tests.Producers.Supervision;

/// <summary>Outside IoT Edge the supervision section comes from a configuration file, bound like any option.</summary>
public sealed class SupervisionConfigurationTests : IDisposable
{
    private readonly TempDirectory _dir = new("superv-config");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Bind_LocalJsonFile_GivesAValidPlanInOrder()
    {
        var file = Path.Combine(_dir.Path, "supervision.json");
        File.WriteAllText(file, """
            {"CloudStatus":{"Edge":{"Supervision":{
              "Groups":{"acme":{"Tenant":"t-acme"}},
              "Processes":{
                "api":{"Group":"acme","DependsOn":["db"],"Frequency":"00:00:02","Start":["/opt/api/run","--port","8080"]},
                "db":{"Group":"acme","Priority":1,"Frequency":"00:00:05","Start":["/opt/db/run"],"Probe":{"Kind":"tcp","Port":5432}}
              },
              "CrashLoopLimit":3}}}}
            """);
        var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();

        var options = configuration.GetSection(EdgeNodeOptions.SectionName).Get<EdgeNodeOptions>()!;
        var plan = SupervisionPlan.Create(options.Supervision, out var errors);

        Assert.Empty(errors);
        Assert.Equal(["db", "api"], plan!.Order);
        Assert.Equal(["/opt/api/run", "--port", "8080"], plan["api"].Start);
        Assert.Equal(5432, plan["db"].Probe.Port);
        Assert.Equal(3, options.Supervision.CrashLoopLimit);
    }
}
