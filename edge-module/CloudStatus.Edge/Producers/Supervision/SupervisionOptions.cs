using System.Text.Json.Serialization;

namespace CloudStatus.Edge.Producers.Supervision;

/// <summary>
/// The processes this module supervises (seed 002: dependencies, a monitoring frequency and a priority per process,
/// processes grouped into tenant groups). Section <c>CloudStatus:Edge:Supervision</c> (appsettings or any configuration
/// file outside IoT Edge) or the twin's <c>supervision</c>, which replaces it as a whole. Validated as a whole by
/// <see cref="SupervisionPlan.Create"/>: one bad entry refuses the whole section.
/// </summary>
public sealed class SupervisionOptions
{
    /// <summary>The tenant groups, by name: which tenant owns the processes of the group.</summary>
    public Dictionary<string, SupervisionGroupOptions> Groups { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The supervised processes, by id (a producer id segment: no dots).</summary>
    public Dictionary<string, SupervisedProcessOptions> Processes { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The wait before the first restart of a process that died; doubles with each crash in the window.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A process that died more than this many times within <see cref="CrashLoopWindow"/> is no longer restarted.</summary>
    public int CrashLoopLimit { get; set; } = 5;

    public TimeSpan CrashLoopWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a stop command may take before the process (tree) is killed.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>One tenant group.</summary>
public sealed class SupervisionGroupOptions
{
    /// <summary>The tenant whose token sees and commands the group's processes.</summary>
    public string Tenant { get; set; } = string.Empty;
}

/// <summary>One supervised process.</summary>
public sealed class SupervisedProcessOptions
{
    /// <summary>The tenant group (a key of <see cref="SupervisionOptions.Groups"/>).</summary>
    public string Group { get; set; } = string.Empty;

    /// <summary>Processes that must be up (probed healthy) before this one starts; stopping one stops this one.</summary>
    public List<string> DependsOn { get; set; } = [];

    /// <summary>Among processes whose dependencies are met, lower starts first.</summary>
    public int Priority { get; set; }

    /// <summary>How often the process is checked (alive and probed).</summary>
    public TimeSpan Frequency { get; set; } = TimeSpan.FromSeconds(5);

    public ProcessProbeOptions Probe { get; set; } = new();

    /// <summary>The program and its arguments (no shell unless the first item is one).</summary>
    public List<string> Start { get; set; } = [];

    /// <summary>
    /// A command that stops the process gracefully, <c>{pid}</c> replaced by its process id (e.g. <c>["kill","-TERM","{pid}"]</c>);
    /// empty = kill the process tree. Either way the tree is killed after <see cref="SupervisionOptions.StopTimeout"/>.
    /// </summary>
    public List<string> Stop { get; set; } = [];

    public string? WorkingDirectory { get; set; }

    /// <summary>How long a started process may take to pass its first probe before it counts as failed.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Probes failed in a row (process alive) before the process is killed and restarted as hung.</summary>
    public int FailuresBeforeRestart { get; set; } = 3;
}

/// <summary>How a supervised process is checked beyond being alive.</summary>
public sealed class ProcessProbeOptions
{
    /// <summary><c>alive</c> (the OS process runs), <c>tcp</c> (its port accepts a connection) or <c>http</c> (its URL answers 2xx).</summary>
    public string Kind { get; set; } = ProcessProbeKinds.Alive;

    /// <summary>For <c>tcp</c>: the loopback port.</summary>
    public int Port { get; set; }

    /// <summary>For <c>http</c>: the URL to GET.</summary>
    public Uri? Url { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
}

public static class ProcessProbeKinds
{
    public const string Alive = "alive";
    public const string Tcp = "tcp";
    public const string Http = "http";
}

/// <summary>The twin's and the reported configuration's shape of the supervision section (camelCase; unknown members refused).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(SupervisionOptions))]
internal sealed partial class SupervisionJsonContext : JsonSerializerContext;
