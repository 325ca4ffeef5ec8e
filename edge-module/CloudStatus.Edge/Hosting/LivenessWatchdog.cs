using CloudStatus.Hosting.Health;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Hosting;

/// <summary>
/// Seed 002's HA Master for the module's own loops: runs the live checks (what <c>/healthz</c> answers) every
/// <see cref="Interval"/>; once they stayed unhealthy for <see cref="Grace"/> — a hung loop, a stopped node — it stops
/// the host with exit code <see cref="ExitCode"/>, and edgeAgent's <c>restartPolicy</c> (the Master Watcher) starts the
/// module again. Nothing inside a process can unhang a hung thread; a restart can.
/// </summary>
internal sealed class LivenessWatchdog(
    HealthCheckService health,
    IHostApplicationLifetime lifetime,
    TimeProvider timeProvider,
    ILogger<LivenessWatchdog> logger,
    LoopHeartbeats heartbeats) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    /// <summary>EX_SOFTWARE: the module gave up on itself; any non-zero code makes edgeAgent restart it.</summary>
    public const int ExitCode = 70;

    private long? _unhealthySince;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false) && !await CheckAsync(stoppingToken).ConfigureAwait(false))
            {
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One check; true when it stopped the host. The watchdog does not beat itself: a hung watchdog leaves the live checks to edgeAgent's own restart of a dead module.</summary>
    internal async Task<bool> CheckAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(c => c.Tags.Contains(HealthTags.Live), cancellationToken).ConfigureAwait(false);
        if (report.Status != HealthStatus.Unhealthy)
        {
            _unhealthySince = null;
            return false;
        }

        _unhealthySince ??= timeProvider.GetTimestamp();
        var unhealthyFor = timeProvider.GetElapsedTime(_unhealthySince.Value);
        var why = string.Join("; ", report.Entries.Where(e => e.Value.Status == HealthStatus.Unhealthy).Select(e => $"{e.Key}: {e.Value.Description}"));
        if (unhealthyFor < Grace)
        {
            Log.LivenessUnhealthy(logger, unhealthyFor, why);
            return false;
        }

        Log.LivenessExit(logger, unhealthyFor, why, heartbeats.Stalled().Count);
        Environment.ExitCode = ExitCode;
        lifetime.StopApplication();
        return true;
    }
}
