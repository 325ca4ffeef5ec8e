using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Producers.Supervision;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Tests.Producers.Supervision;

/// <summary>
/// A <see cref="ProcessSupervisor"/> over real operating-system processes (sh, sleep, node) on the system clock, its
/// tick run in a loop as the edge node runs it; what it posts is recorded. Each process appends "id unix-ms pid" to
/// <see cref="StartLog"/> when it starts, so that it really started is observed from the process itself. The order in
/// which the supervisor started them is <see cref="SupervisorStarts"/>: a process passes the <c>alive</c> probe as soon
/// as it exists, so on a loaded machine a dependency's shell may write its line after its dependant's (the supervisor
/// guarantees the order of its starts and probes, not how fast each process runs its first instructions).
/// </summary>
internal sealed class SupervisorRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TempDirectory _dir = new("superv");
    private Task _loop = Task.CompletedTask;

    public SupervisorRun() => Supervisor = new ProcessSupervisor("srv-01", Intake, new ProcessProbe(), TimeProvider.System, NullLogger.Instance);

    public RecordingIntake Intake { get; } = new();

    public ProcessSupervisor Supervisor { get; }

    public string StartLog => Path.Combine(_dir.Path, "starts.log");

    public async Task StartAsync(SupervisionOptions options)
    {
        var plan = SupervisionPlan.Create(options, out var errors) ?? throw new InvalidOperationException(string.Join(" ", errors));
        await Supervisor.ApplyAsync(plan, CancellationToken.None);
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(ProcessSupervisor.TickInterval);
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await Supervisor.TickAsync(_stop.Token).ConfigureAwait(false);
            }
        });
    }

    /// <summary>A process that logs its start and sleeps.</summary>
    public SupervisedProcessOptions Sleeper(string id, int priority = 0, params string[] dependsOn) =>
        With(["sh", "-c", $"echo \"{id} $(($(date +%s%N)/1000000)) $$\" >> '{StartLog}'; exec sleep 600"], priority, dependsOn);

    /// <summary>A process that logs its start, then listens on <paramref name="port"/> (probed by TCP, so its line is written before its probe passes).</summary>
    public SupervisedProcessOptions Listener(string id, int port, int priority = 0, params string[] dependsOn)
    {
        var script = "require('fs').appendFileSync(process.argv[2],process.argv[3]+' '+Date.now()+' '+process.pid+'\\n');require('net').createServer(s=>s.end()).listen(+process.argv[1],'127.0.0.1')";
        var options = With(["node", "-e", script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), StartLog, id], priority, dependsOn);
        options.Probe = new ProcessProbeOptions { Kind = ProcessProbeKinds.Tcp, Port = port, Timeout = TimeSpan.FromMilliseconds(150) };
        return options;
    }

    public static SupervisedProcessOptions With(List<string> start, int priority = 0, params string[] dependsOn) => new()
    {
        Group = "g1",
        Priority = priority,
        DependsOn = [.. dependsOn],
        Frequency = TimeSpan.FromMilliseconds(200),
        Probe = new ProcessProbeOptions { Timeout = TimeSpan.FromMilliseconds(150) },
        Start = start,
        StartTimeout = TimeSpan.FromSeconds(10),
    };

    public static SupervisionOptions Options(TimeSpan backoff, int crashLoopLimit, params (string Id, SupervisedProcessOptions Process)[] processes) => new()
    {
        Groups = new(StringComparer.Ordinal) { ["g1"] = new() { Tenant = "t-1" } },
        Processes = processes.ToDictionary(p => p.Id, p => p.Process, StringComparer.Ordinal),
        InitialBackoff = backoff,
        MaxBackoff = backoff * 4,
        CrashLoopLimit = crashLoopLimit,
        StopTimeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>Each line of the start log: (id, unix ms, pid), in the order written.</summary>
    public IReadOnlyList<(string Id, long At, int Pid)> Starts() =>
        File.Exists(StartLog)
            ? [.. File.ReadAllLines(StartLog).Where(l => l.Length > 0).Select(l => l.Split(' ')).Select(p => (p[0], long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture)))]
            : [];

    /// <summary>Each start the supervisor posted (phase <c>starting</c>) and each first healthy probe (phase <c>running</c> with a new pid), in posting order.</summary>
    public IReadOnlyList<(string Id, string Phase, int Pid)> SupervisorSteps()
    {
        var steps = new List<(string Id, string Phase, int Pid)>();
        var seen = new HashSet<(string, string, int)>();
        foreach (var observation in Intake.Observations.Where(o => o.State is not null))
        {
            var state = JsonDocument.Parse(observation.State!).RootElement;
            if (state.GetProperty("phase").GetString() is { } phase && phase is "starting" or "running"
                && state.GetProperty("pid").ValueKind == JsonValueKind.Number)
            {
                var step = (observation.ProducerId[(observation.ProducerId.LastIndexOf('.') + 1)..], phase, state.GetProperty("pid").GetInt32());
                if (seen.Add(step))
                {
                    steps.Add(step);
                }
            }
        }

        return steps;
    }

    /// <summary>The processes the supervisor started, in the order it started them.</summary>
    public IReadOnlyList<(string Id, int Pid)> SupervisorStarts() => [.. SupervisorSteps().Where(s => s.Phase == "starting").Select(s => (s.Id, s.Pid))];

    /// <summary>
    /// Asserts that the supervisor started <paramref name="expected"/> in that order, that each of those processes
    /// really ran (its own line in the start log, same pid), and that each start of a process came after every one of its
    /// dependencies (as they then ran) had passed its first probe.
    /// </summary>
    public void AssertStartedInOrder(SupervisionPlan plan, params string[] expected)
    {
        var steps = SupervisorSteps();
        var starts = SupervisorStarts();
        Assert.Equal(expected, starts.Select(s => s.Id));
        var logged = Starts();
        foreach (var (id, pid) in starts)
        {
            Assert.Contains((id, pid), logged.Select(l => (l.Id, l.Pid)));
        }

        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Phase != "starting")
            {
                continue;
            }

            foreach (var dependency in plan[steps[i].Id].DependsOn)
            {
                var lastDependencyStart = steps.Take(i).LastOrDefault(s => s.Id == dependency && s.Phase == "starting");
                Assert.True(lastDependencyStart.Id is not null, $"{steps[i].Id} (pid {steps[i].Pid}) started before {dependency} ever started: {string.Join(", ", steps)}");
                Assert.True(
                    steps.Take(i).Any(s => s.Id == dependency && s.Phase == "running" && s.Pid == lastDependencyStart.Pid),
                    $"{steps[i].Id} (pid {steps[i].Pid}) started before {dependency} (pid {lastDependencyStart.Pid}) passed its first probe: {string.Join(", ", steps)}");
            }
        }
    }

    /// <summary>The last observation posted for process <paramref name="id"/>, with its state parsed.</summary>
    public (Observation Observation, JsonElement State)? Last(string id)
    {
        var producerId = Supervisor.ProducerIdOf(id);
        var last = Intake.Observations.LastOrDefault(o => o.ProducerId == producerId);
        return last.ProducerId is null ? null : (last, JsonDocument.Parse(last.State!).RootElement.Clone());
    }

    public int? Pid(string id) => Last(id) is { } l && l.State.GetProperty("pid").ValueKind == JsonValueKind.Number ? l.State.GetProperty("pid").GetInt32() : null;

    public static async Task KillNineAsync(int pid)
    {
        using var kill = Process.Start("kill", ["-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        await Supervisor.DisposeAsync();
        _stop.Dispose();
        _dir.Dispose();
    }
}
