using CloudStatus.Edge.Producers.Supervision;
using FsCheck.Xunit;

namespace CloudStatus.Edge.Tests.Producers.Supervision;

/// <summary>The supervision section validated as a whole and put in start order, without touching a process.</summary>
public sealed class SupervisionPlanTests
{
    internal static SupervisedProcessOptions Process(int priority = 0, params string[] dependsOn) => new()
    {
        Group = "g1",
        Priority = priority,
        DependsOn = [.. dependsOn],
        Frequency = TimeSpan.FromSeconds(1),
        Probe = new ProcessProbeOptions { Timeout = TimeSpan.FromMilliseconds(500) },
        Start = ["sleep", "60"],
    };

    internal static SupervisionOptions Options(params (string Id, SupervisedProcessOptions Process)[] processes) => new()
    {
        Groups = new(StringComparer.Ordinal) { ["g1"] = new() { Tenant = "t-1" } },
        Processes = processes.ToDictionary(p => p.Id, p => p.Process, StringComparer.Ordinal),
    };

    [Fact]
    public void Create_DependenciesAndPriorities_OrdersDependenciesFirstThenLowerPriority()
    {
        var plan = SupervisionPlan.Create(
            Options(("web", Process(1, "db", "cache")), ("db", Process(5)), ("cache", Process(2)), ("log", Process(0)), ("worker", Process(0, "db"))),
            out var errors);

        Assert.Empty(errors);
        Assert.Equal(["log", "cache", "db", "worker", "web"], plan!.Order);
        Assert.Equal(["worker", "web"], plan.DependantsOf("db"));
        Assert.Empty(plan.DependantsOf("web"));
    }

    [Fact]
    public void Create_Cycle_RefusedWithTheCycleNamed()
    {
        var plan = SupervisionPlan.Create(Options(("a", Process(0, "c")), ("b", Process(0, "a")), ("c", Process(0, "b")), ("d", Process())), out var errors);

        Assert.Null(plan);
        var error = Assert.Single(errors);
        Assert.Contains("dependency cycle a → c → b → a", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownDependencyBadFrequencyUnknownGroup_EachNamed()
    {
        var slow = Process();
        slow.Frequency = TimeSpan.FromMilliseconds(5);
        var orphan = Process();
        orphan.Group = "nope";
        var plan = SupervisionPlan.Create(Options(("a", Process(0, "ghost")), ("b", slow), ("c", orphan)), out var errors);

        Assert.Null(plan);
        Assert.Contains(errors, e => e.Contains("supervision.processes.a.dependsOn: unknown process 'ghost'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("supervision.processes.b.frequency must be", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("supervision.processes.c.group 'nope'", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_TcpProbeWithoutPortAndDottedId_Refused()
    {
        var tcp = Process();
        tcp.Probe.Kind = ProcessProbeKinds.Tcp;
        var plan = SupervisionPlan.Create(Options(("a.b", Process()), ("c", tcp)), out var errors);

        Assert.Null(plan);
        Assert.Contains(errors, e => e.StartsWith("supervision.processes.a.b: a process id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("supervision.processes.c.probe.port", StringComparison.Ordinal));
    }

    [Fact]
    public void Backoff_DoublesPerCrashUpToTheMaximum()
    {
        var options = new SupervisionOptions { InitialBackoff = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromSeconds(5) };

        Assert.Equal(
            [1, 2, 4, 5, 5],
            Enumerable.Range(1, 5).Select(n => ProcessSupervisor.Backoff(options, n).TotalSeconds));
    }

    /// <summary>
    /// Any acyclic configuration (process i may depend only on processes before it in generation order): every process
    /// once, each after all its dependencies, and no process placed while a ready one of lower priority waited.
    /// </summary>
    [Property(MaxTest = 200)]
    public bool Create_AnyAcyclicConfiguration_OrderRespectsDependenciesThenPriority(byte[] priorities, int[] edgeSeeds)
    {
        var count = Math.Min(priorities.Length, 12);
        var processes = new List<(string, SupervisedProcessOptions)>();
        for (var i = 0; i < count; i++)
        {
            var deps = Enumerable.Range(0, i).Where(j => edgeSeeds.Length > 0 && ((edgeSeeds[(i * 7 + j) % edgeSeeds.Length] >> (j % 16)) & 3) == 0);
            processes.Add(($"p{i}", Process(priorities[i] % 4, [.. deps.Select(j => $"p{j}")])));
        }

        var plan = SupervisionPlan.Create(Options([.. processes]), out var errors);
        if (plan is null || errors.Count > 0 || plan.Order.Count != count || plan.Order.Distinct().Count() != count)
        {
            return false;
        }

        var placed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in plan.Order)
        {
            var options = plan[id];
            if (!options.DependsOn.All(placed.Contains))
            {
                return false;
            }

            var readyLower = plan.Order.Where(o => !placed.Contains(o) && o != id)
                .Any(o => plan[o].DependsOn.All(placed.Contains) && plan[o].Priority < options.Priority);
            if (readyLower)
            {
                return false;
            }

            placed.Add(id);
        }

        return true;
    }
}
