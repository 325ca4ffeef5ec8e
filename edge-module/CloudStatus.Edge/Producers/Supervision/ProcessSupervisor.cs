using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudStatus.Core.Model;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Producers.Supervision;

/// <summary>
/// Seed 002's HA Monitor and HA Spawner in one: starts the processes of a <see cref="SupervisionPlan"/> one at a time in
/// its order (the next once the previous passed its first probe, and only once its dependencies run), checks each at its own frequency, restarts what died after a
/// backoff that doubles with each crash in the window, gives up on a crash loop, and when a process goes down stops
/// its dependants (reverse order) so they start again after it. Each process is a producer of kind
/// <see cref="ProducerKind.Process"/> under the server: a crash is its health going offline (with <c>state.lastExit</c>),
/// a restart a <c>reboot</c> event. <see cref="TickAsync"/> is one pass; a loop calls it every <see cref="TickInterval"/>.
/// </summary>
internal sealed class ProcessSupervisor(
    string serverId,
    IObservationIntake intake,
    ProcessProbe probe,
    TimeProvider timeProvider,
    ILogger logger) : IAsyncDisposable
{
    /// <summary>How often the loop looks for due checks and starts; a check comes at most this late.</summary>
    public static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(50);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SupervisionPlan _plan = SupervisionPlan.Empty;
    private List<SupervisedProcess> _processes = [];
    private string _planJson = "{}";

    public SupervisionPlan Plan => _plan;

    public string ProducerIdOf(string processId) => ProducerId.Child(ProducerId.Child(serverId, "process"), processId);

    /// <summary>Puts <paramref name="plan"/> in force; an equal plan changes nothing, another stops every process (reverse order) first.</summary>
    public async Task ApplyAsync(SupervisionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var json = JsonSerializer.Serialize(plan.Options, SupervisionJsonContext.Default.SupervisionOptions);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (json == _planJson)
            {
                return;
            }

            await StopAllLockedAsync("configuration replaced", cancellationToken).ConfigureAwait(false);
            var now = timeProvider.GetUtcNow();
            foreach (var gone in _processes.Where(p => !plan.Options.Processes.ContainsKey(p.Id)))
            {
                intake.Post(new Observation(gone.ProducerId, ProducerKind.Process, serverId, Health.Offline, Event: ObservationEvents.Delete));
            }

            _processes = [.. plan.Order.Select(id => new SupervisedProcess(id, ProducerIdOf(id), plan[id]) { RestartAt = now })];
            _plan = plan;
            _planJson = json;
            foreach (var process in _processes)
            {
                Post(process);
            }

            Log.PlanApplied(logger, _processes.Count, string.Join(", ", plan.Order));
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One pass: checks what is due (probes run in parallel), then starts, in order, what may start.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = timeProvider.GetUtcNow();
            var due = _processes.Where(p => p.Phase is SupervisionPhase.Starting or SupervisionPhase.Running && p.Os is not null && now >= p.NextCheckAt).ToList();
            var results = await Task.WhenAll(due.Select(p => probe.CheckAsync(p.Os!, p.Options.Probe, cancellationToken))).ConfigureAwait(false);
            now = timeProvider.GetUtcNow();
            for (var i = 0; i < due.Count; i++)
            {
                // An earlier process going down in this pass may have stopped this one already.
                if (due[i].Os is not null)
                {
                    await CheckedAsync(due[i], results[i], now, cancellationToken).ConfigureAwait(false);
                }
            }

            // One start at a time, in order: a process starts once its dependencies run and nothing before it is still starting.
            foreach (var process in _processes)
            {
                if (process.Phase == SupervisionPhase.Starting)
                {
                    break;
                }

                if (process.Phase != SupervisionPhase.Waiting || now < process.RestartAt)
                {
                    continue;
                }

                // A dependency that died since its last check is taken down now, not at its next check (which may be a
                // whole frequency away): that stops this process's restart until the dependency is back and probed.
                await DownExitedDependenciesAsync(process, now, cancellationToken).ConfigureAwait(false);
                if (process.Phase == SupervisionPhase.Waiting && DependenciesRun(process))
                {
                    await StartAsync(process, now, cancellationToken).ConfigureAwait(false);
                    if (process.Phase == SupervisionPhase.Starting)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Start, stop or restart by command; false when <paramref name="producerId"/> is not a supervised process.</summary>
    public async Task<bool> ControlAsync(string producerId, ProcessAction action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var process = _processes.Find(p => p.ProducerId == producerId);
            if (process is null)
            {
                return false;
            }

            Log.ProcessCommanded(logger, process.Id, action.ToString());
            var now = timeProvider.GetUtcNow();
            if (action is ProcessAction.Stop or ProcessAction.Restart)
            {
                await StopWithDependantsAsync(process, $"{action.ToString().ToLowerInvariant()} command", cancellationToken).ConfigureAwait(false);
            }

            if (action is ProcessAction.Stop)
            {
                process.Phase = SupervisionPhase.Held;
                process.Reason = "stopped by command";
            }
            else if (process.Os is null)
            {
                process.Phase = SupervisionPhase.Waiting;
                process.Crashes.Clear();
                process.RestartAt = now;
                process.Reason = $"{action.ToString().ToLowerInvariant()} command";
            }

            Post(process);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await StopAllLockedAsync("supervisor stopping", CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }

        probe.Dispose();
    }

    private bool DependenciesRun(SupervisedProcess process) =>
        process.Options.DependsOn.All(d => _processes.Find(p => p.Id == d) is { Phase: SupervisionPhase.Running, Os.HasExited: false });

    /// <summary>
    /// Handles as down (a crash, its dependants stopped) each direct or indirect dependency of <paramref name="process"/>
    /// still marked running whose operating-system process has exited, in plan order. Without it a dependant whose own
    /// crash came first (typically because its dependency died) would restart against the dead dependency, which is only
    /// noticed at its next check.
    /// </summary>
    private async Task DownExitedDependenciesAsync(SupervisedProcess process, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var needed = new HashSet<string>(process.Options.DependsOn, StringComparer.Ordinal);
        for (var i = _processes.IndexOf(process) - 1; i >= 0; i--)
        {
            var dependency = _processes[i];
            if (needed.Contains(dependency.Id))
            {
                needed.UnionWith(dependency.Options.DependsOn);
            }
        }

        foreach (var dependency in _processes.Where(p => needed.Contains(p.Id)).ToList())
        {
            if (dependency.Phase is SupervisionPhase.Starting or SupervisionPhase.Running && dependency.Os is { HasExited: true } os)
            {
                await DownAsync(dependency, ProcessLauncher.ExitReason(os), now, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task CheckedAsync(SupervisedProcess process, string? failure, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var os = process.Os!;
        if (os.HasExited)
        {
            await DownAsync(process, ProcessLauncher.ExitReason(os), now, cancellationToken).ConfigureAwait(false);
            return;
        }

        var wasFailing = process.Reason;
        if (failure is null)
        {
            process.Phase = SupervisionPhase.Running;
            process.Failures = 0;
            process.Reason = null;
        }
        else if (process.Phase == SupervisionPhase.Starting)
        {
            if (now - process.StartedAt > process.Options.StartTimeout)
            {
                await KillAndDownAsync(process, $"no healthy probe within {process.Options.StartTimeout} of the start ({failure})", now, cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        else if (++process.Failures >= process.Options.FailuresBeforeRestart)
        {
            await KillAndDownAsync(process, $"hung: {process.Failures} probes failed ({failure})", now, cancellationToken).ConfigureAwait(false);
            return;
        }
        else
        {
            process.Reason = failure;
        }

        // Until it first passes its probe, a process is checked at every tick so its dependants start without delay.
        process.NextCheckAt = process.Phase == SupervisionPhase.Starting ? now : now + process.Options.Frequency;
        if (process.Phase == SupervisionPhase.Running && (failure is not null || wasFailing is not null || process.Failures == 0))
        {
            Post(process);
        }
    }

    private async Task KillAndDownAsync(SupervisedProcess process, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await ProcessLauncher.StopAsync(process.Os!, process.Options, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        await DownAsync(process, reason, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A process died (or was killed as hung): counted as a crash, backed off or given up, its dependants stopped.</summary>
    private async Task DownAsync(SupervisedProcess process, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Release(process);
        process.LastExit = reason;
        process.Crashes.Enqueue(now);
        var options = _plan.Options;
        while (process.Crashes.Count > 0 && now - process.Crashes.Peek() > options.CrashLoopWindow)
        {
            process.Crashes.Dequeue();
        }

        if (process.Crashes.Count > options.CrashLoopLimit)
        {
            process.Phase = SupervisionPhase.CrashLoop;
            process.Reason = string.Create(CultureInfo.InvariantCulture, $"crash loop: {process.Crashes.Count} exits within {options.CrashLoopWindow}; not restarted");
            Log.ProcessCrashLoop(logger, process.Id, process.Crashes.Count, options.CrashLoopWindow);
        }
        else
        {
            var backoff = Backoff(options, process.Crashes.Count);
            process.Phase = SupervisionPhase.Waiting;
            process.RestartAt = now + backoff;
            process.Reason = $"down ({reason}); restart after {backoff}";
            Log.ProcessDown(logger, process.Id, reason, backoff);
        }

        Post(process);
        foreach (var dependant in _plan.DependantsOf(process.Id).Reverse())
        {
            var other = _processes.Find(p => p.Id == dependant)!;
            if (other.Os is not null)
            {
                await StopOneAsync(other, $"dependency {process.Id} is down", cancellationToken).ConfigureAwait(false);
            }

            if (other.Phase is SupervisionPhase.Starting or SupervisionPhase.Running or SupervisionPhase.Waiting)
            {
                other.Phase = SupervisionPhase.Waiting;
                other.RestartAt = now;
                other.Reason = $"waiting for {process.Id}";
                Post(other);
            }
        }
    }

    internal static TimeSpan Backoff(SupervisionOptions options, int crashes)
    {
        var factor = Math.Pow(2, Math.Clamp(crashes - 1, 0, 30));
        var backoff = options.InitialBackoff * factor;
        return backoff > options.MaxBackoff ? options.MaxBackoff : backoff;
    }

    private async Task StartAsync(SupervisedProcess process, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            process.Os = ProcessLauncher.Start(process.Options);
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Log.ProcessStartFailed(logger, ex, process.Id);
            await DownAsync(process, $"could not start: {ex.Message}", now, cancellationToken).ConfigureAwait(false);
            return;
        }

        process.Restarts += process.Starts > 0 ? 1 : 0;
        process.Starts++;
        process.Phase = SupervisionPhase.Starting;
        process.StartedAt = now;
        process.NextCheckAt = now;
        process.Failures = 0;
        process.Reason = "starting";
        Log.ProcessStarted(logger, process.Id, process.Os.Id, process.Starts);
        Post(process, process.Restarts > 0 ? ObservationEvents.Reboot : null);
    }

    private async Task StopWithDependantsAsync(SupervisedProcess process, string reason, CancellationToken cancellationToken)
    {
        foreach (var dependant in _plan.DependantsOf(process.Id).Reverse())
        {
            var other = _processes.Find(p => p.Id == dependant)!;
            if (other.Os is not null)
            {
                await StopOneAsync(other, $"dependency {process.Id}: {reason}", cancellationToken).ConfigureAwait(false);
                other.Phase = SupervisionPhase.Waiting;
                other.RestartAt = timeProvider.GetUtcNow();
                other.Reason = $"waiting for {process.Id}";
                Post(other);
            }
        }

        if (process.Os is not null)
        {
            await StopOneAsync(process, reason, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task StopOneAsync(SupervisedProcess process, string reason, CancellationToken cancellationToken)
    {
        await ProcessLauncher.StopAsync(process.Os!, process.Options, _plan.Options.StopTimeout, cancellationToken).ConfigureAwait(false);
        process.LastExit = $"stopped: {reason}";
        Release(process);
        Log.ProcessStopped(logger, process.Id, reason);
    }

    private async Task StopAllLockedAsync(string reason, CancellationToken cancellationToken)
    {
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            if (_processes[i].Os is not null)
            {
                await StopOneAsync(_processes[i], reason, cancellationToken).ConfigureAwait(false);
                _processes[i].Phase = SupervisionPhase.Held;
                _processes[i].Reason = reason;
                Post(_processes[i]);
            }
        }
    }

    private static void Release(SupervisedProcess process)
    {
        process.Os?.Dispose();
        process.Os = null;
        process.StartedAt = null;
    }

    private void Post(SupervisedProcess process, string? @event = null)
    {
        var health = process.Phase switch
        {
            SupervisionPhase.Running => process.Failures > 0 ? Health.Degraded : Health.Online,
            SupervisionPhase.Starting => Health.Degraded,
            _ => Health.Offline,
        };
        intake.Post(new Observation(process.ProducerId, ProducerKind.Process, serverId, health, DescribeState(process), Event: @event));
    }

    /// <summary><c>state</c>: group, tenant, phase, pid, restarts, lastExit, startedAt (uptime = now − startedAt), order, priority, dependsOn, reason.</summary>
    private string DescribeState(SupervisedProcess process)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("group", process.Options.Group);
            w.WriteString("tenant", _plan.Options.Groups.TryGetValue(process.Options.Group, out var g) ? g.Tenant : null);
            w.WriteString("phase", JsonNamingPolicy.CamelCase.ConvertName(process.Phase.ToString()));
            if (process.Os is { } os)
            {
                w.WriteNumber("pid", os.Id);
            }
            else
            {
                w.WriteNull("pid");
            }

            w.WriteNumber("restarts", process.Restarts);
            w.WriteString("lastExit", process.LastExit);
            if (process.StartedAt is { } started)
            {
                w.WriteString("startedAt", started);
            }
            else
            {
                w.WriteNull("startedAt");
            }

            w.WriteNumber("order", _plan.PositionOf(process.Id));
            w.WriteNumber("priority", process.Options.Priority);
            w.WriteStartArray("dependsOn");
            foreach (var d in process.Options.DependsOn)
            {
                w.WriteStringValue(d);
            }

            w.WriteEndArray();
            w.WriteString("reason", process.Reason);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
