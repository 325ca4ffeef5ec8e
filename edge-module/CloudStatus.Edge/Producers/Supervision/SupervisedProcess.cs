using System.Diagnostics;

namespace CloudStatus.Edge.Producers.Supervision;

/// <summary>Where a supervised process is in its life.</summary>
internal enum SupervisionPhase
{
    /// <summary>Not running; started once its dependencies run and its backoff is over.</summary>
    Waiting,

    /// <summary>Started, not yet through its first probe.</summary>
    Starting,

    /// <summary>Running and probed healthy at least once.</summary>
    Running,

    /// <summary>Died too often within the window; not restarted until a start or restart command.</summary>
    CrashLoop,

    /// <summary>Stopped by a command; started again only by a command.</summary>
    Held,
}

/// <summary>The supervisor's record of one process (mutated only under the supervisor's gate).</summary>
internal sealed class SupervisedProcess(string id, string producerId, SupervisedProcessOptions options)
{
    public string Id { get; } = id;
    public string ProducerId { get; } = producerId;
    public SupervisedProcessOptions Options { get; } = options;

    public SupervisionPhase Phase { get; set; }
    public Process? Os { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset NextCheckAt { get; set; }
    public DateTimeOffset RestartAt { get; set; }
    public int Starts { get; set; }
    public int Restarts { get; set; }
    public int Failures { get; set; }
    public string? LastExit { get; set; }

    /// <summary>Why the process is not running, or why its probe fails.</summary>
    public string? Reason { get; set; }

    /// <summary>When it died, within the crash-loop window.</summary>
    public Queue<DateTimeOffset> Crashes { get; } = new();
}
