using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Producers.Supervision;
using CloudStatus.Edge.Tests.Support;

namespace CloudStatus.Edge.Tests.Producers.Supervision;

/// <summary>
/// The supervisor against real operating-system processes: start order, kill -9, a dependency killed, a crash loop,
/// a hung process and commands. Frequencies are 200 ms and backoffs short, so each test takes a second or two.
/// </summary>
public sealed class ProcessSupervisorTests : IAsyncLifetime
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5);
    private readonly SupervisorRun _run = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _run.DisposeAsync();

    [Fact]
    public async Task Tick_DependenciesAndPriorities_ProcessesStartInPlanOrder()
    {
        var (dbPort, webPort) = (SupervisorRun.FreePort(), SupervisorRun.FreePort());
        await _run.StartAsync(SupervisorRun.Options(
            TimeSpan.FromMilliseconds(100),
            3,
            ("web", _run.Listener("web", webPort, 0, "db", "cache")),
            ("db", _run.Listener("db", dbPort, 5)),
            ("cache", _run.Sleeper("cache", 2, "log")),
            ("log", _run.Sleeper("log", 9))));

        await Eventually.TrueAsync(() => _run.Starts().Count == 4, "all four processes started");
        await Eventually.TrueAsync(() => _run.Last("web")?.Observation.Health == Health.Online, "web is probed healthy");

        Assert.Equal(["db", "log", "cache", "web"], _run.Supervisor.Plan.Order);
        _run.AssertStartedInOrder(_run.Supervisor.Plan, "db", "log", "cache", "web");
    }

    [Fact]
    public async Task Tick_KillNine_CrashReportedAndRestartedWithinFrequencyPlusBackoff()
    {
        var backoff = TimeSpan.FromMilliseconds(300);
        var options = SupervisorRun.Options(backoff, 3, ("svc", _run.Sleeper("svc")));
        await _run.StartAsync(options);
        await Eventually.TrueAsync(() => _run.Last("svc")?.Observation.Health == Health.Online, "svc runs");
        var pid = _run.Pid("svc")!.Value;

        var killedAt = TimeProvider.System.GetTimestamp();
        await SupervisorRun.KillNineAsync(pid);
        await Eventually.TrueAsync(() => _run.Pid("svc") is { } p && p != pid, "svc restarted");
        var elapsed = TimeProvider.System.GetElapsedTime(killedAt);

        Assert.True(elapsed <= options.Processes["svc"].Frequency + backoff + Slack, $"restarted after {elapsed}");
        var posted = _run.Intake.Observations.Where(o => o.ProducerId == _run.Supervisor.ProducerIdOf("svc")).ToList();
        var crash = posted.Single(o => o.Health == Health.Offline && o.State!.Contains("killed", StringComparison.Ordinal));
        Assert.Contains("\"lastExit\":\"killed by signal 9\"", crash.State, StringComparison.Ordinal);
        var restart = posted.Single(o => o.Event == ObservationEvents.Reboot);
        Assert.Contains("\"restarts\":1", restart.State, StringComparison.Ordinal);
        Assert.Equal(ProducerKind.Process, restart.Kind);
        Assert.Equal("srv-01", restart.ParentId);
    }

    [Fact]
    public async Task Tick_DependencyKilled_DependantsStoppedThenRestartedAfterItInOrder()
    {
        await _run.StartAsync(SupervisorRun.Options(
            TimeSpan.FromMilliseconds(200),
            3,
            ("db", _run.Sleeper("db")),
            ("api", _run.Sleeper("api", 0, "db")),
            ("ui", _run.Sleeper("ui", 0, "api"))));
        await Eventually.TrueAsync(() => _run.Last("ui")?.Observation.Health == Health.Online, "the chain runs");
        var (db, api, ui) = (_run.Pid("db")!.Value, _run.Pid("api")!.Value, _run.Pid("ui")!.Value);

        await SupervisorRun.KillNineAsync(db);
        await Eventually.TrueAsync(() => _run.Starts().Count == 6 && _run.Last("ui")?.Observation.Health == Health.Online, "the chain restarted");

        Assert.False(SupervisorRun.IsAlive(api));
        Assert.False(SupervisorRun.IsAlive(ui));
        _run.AssertStartedInOrder(_run.Supervisor.Plan, "db", "api", "ui", "db", "api", "ui");
        var api2 = _run.Last("api")!.Value.State;
        Assert.Equal(0, api2.GetProperty("restarts").GetInt32() - 1);
        Assert.StartsWith("stopped: dependency db", api2.GetProperty("lastExit").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tick_CrashLoop_StopsRestartingAfterTheLimitAndReportsIt()
    {
        await _run.StartAsync(SupervisorRun.Options(
            TimeSpan.FromMilliseconds(50),
            2,
            ("flaky", SupervisorRun.With(["sh", "-c", $"echo \"flaky $(($(date +%s%N)/1000000)) $$\" >> '{_run.StartLog}'; exit 3"]))));

        await Eventually.TrueAsync(() => _run.Last("flaky")?.State.GetProperty("phase").GetString() == "crashLoop", "flaky is in a crash loop");
        var last = _run.Last("flaky")!.Value;
        var startsThen = _run.Starts().Count;
        await Task.Delay(TimeSpan.FromMilliseconds(600)); // real processes: nothing more may start in a few periods

        Assert.Equal(3, startsThen);
        Assert.Equal(startsThen, _run.Starts().Count);
        Assert.Equal(Health.Offline, last.Observation.Health);
        Assert.Equal("exit code 3", last.State.GetProperty("lastExit").GetString());
        Assert.StartsWith("crash loop: 3 exits", last.State.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tick_ProbeFailsWhileAlive_KilledAsHungAndRestarted()
    {
        var port = SupervisorRun.FreePort();
        var hung = _run.Sleeper("hung");
        hung.Probe = new ProcessProbeOptions { Kind = ProcessProbeKinds.Tcp, Port = port, Timeout = TimeSpan.FromMilliseconds(100) };
        hung.StartTimeout = TimeSpan.FromMilliseconds(300);
        await _run.StartAsync(SupervisorRun.Options(TimeSpan.FromMilliseconds(50), 5, ("hung", hung)));

        await Eventually.TrueAsync(() => _run.Starts().Count >= 2, "the hung process was restarted");

        var down = _run.Intake.Observations.First(o => o.Health == Health.Offline && o.State!.Contains("no healthy probe", StringComparison.Ordinal));
        Assert.Contains("tcp probe failed", down.State, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControlAsync_StopThenStart_DependantsFollow()
    {
        await _run.StartAsync(SupervisorRun.Options(
            TimeSpan.FromMilliseconds(100), 3, ("db", _run.Sleeper("db")), ("api", _run.Sleeper("api", 0, "db"))));
        await Eventually.TrueAsync(() => _run.Last("api")?.Observation.Health == Health.Online, "both run");
        var api = _run.Pid("api")!.Value;

        Assert.True(await _run.Supervisor.ControlAsync(_run.Supervisor.ProducerIdOf("db"), ProcessAction.Stop, CancellationToken.None));
        Assert.False(await _run.Supervisor.ControlAsync("srv-01.process.nope", ProcessAction.Stop, CancellationToken.None));

        Assert.Equal("held", _run.Last("db")!.Value.State.GetProperty("phase").GetString());
        Assert.Equal("waiting", _run.Last("api")!.Value.State.GetProperty("phase").GetString());
        Assert.False(SupervisorRun.IsAlive(api));

        Assert.True(await _run.Supervisor.ControlAsync(_run.Supervisor.ProducerIdOf("db"), ProcessAction.Start, CancellationToken.None));
        await Eventually.TrueAsync(() => _run.Starts().Count == 4 && _run.Last("api")?.Observation.Health == Health.Online, "both run again");
        _run.AssertStartedInOrder(_run.Supervisor.Plan, "db", "api", "db", "api");
    }

    [Fact]
    public async Task Tick_DependantCrashesBeforeItsDeadDependencyIsChecked_DependencyRestartedFirst()
    {
        // db is checked once an hour after its first probe, api every 200 ms: when both die, api's crash is seen first.
        var db = _run.Sleeper("db");
        db.Frequency = TimeSpan.FromHours(1);
        await _run.StartAsync(SupervisorRun.Options(TimeSpan.FromMilliseconds(200), 3, ("db", db), ("api", _run.Sleeper("api", 0, "db"))));
        await Eventually.TrueAsync(() => _run.Last("api")?.Observation.Health == Health.Online, "both run");
        var (dbPid, apiPid) = (_run.Pid("db")!.Value, _run.Pid("api")!.Value);

        await SupervisorRun.KillNineAsync(dbPid);
        await Eventually.TrueAsync(() => !SupervisorRun.IsAlive(dbPid), "db is dead");
        await SupervisorRun.KillNineAsync(apiPid);
        await Eventually.TrueAsync(() => _run.Starts().Count == 4 && _run.Last("api")?.Observation.Health == Health.Online, "both restarted");

        // Not api restarted against the dead db (and db left down until its next check, an hour later).
        _run.AssertStartedInOrder(_run.Supervisor.Plan, "db", "api", "db", "api");
        Assert.Contains(
            _run.Intake.Observations,
            o => o.ProducerId == _run.Supervisor.ProducerIdOf("db") && o.Health == Health.Offline && o.State!.Contains("\"lastExit\":\"killed by signal 9\"", StringComparison.Ordinal));
        Assert.True(SupervisorRun.IsAlive(_run.Pid("db")!.Value));
    }
}
