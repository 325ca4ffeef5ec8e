using CloudStatus.Core.Commands;

namespace CloudStatus.Functions.Commands;

/// <summary>Options of the command dispatcher (section <c>CloudStatus:Central:Commands</c>).</summary>
internal sealed class CommandOptions
{
    public const string SectionName = "CloudStatus:Central:Commands";

    /// <summary>How long a command's direct method may take to answer (IoT Hub allows 5–300 s).</summary>
    public TimeSpan MethodTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The module id the CloudStatus module runs under on every local server.</summary>
    public string ModuleId { get; set; } = DirectMethodNames.DefaultModuleId;

    /// <summary>Commands dispatched at the same time (each may wait up to <see cref="MethodTimeout"/>).</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>
    /// How long after it was requested a command may still run. A command not finished by then is never sent again:
    /// the re-scan ends it <c>timedOut</c> with the reason.
    /// </summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(10);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MethodTimeout < TimeSpan.FromSeconds(5) || MethodTimeout > TimeSpan.FromSeconds(300))
        {
            errors.Add($"{SectionName}:MethodTimeout must be between 5 s and 300 s, IoT Hub's limits (was {MethodTimeout}).");
        }

        if (string.IsNullOrWhiteSpace(ModuleId))
        {
            errors.Add($"{SectionName}:ModuleId must not be empty.");
        }

        if (MaxConcurrency is < 1 or > 1000)
        {
            errors.Add($"{SectionName}:MaxConcurrency must be between 1 and 1000 (was {MaxConcurrency}).");
        }

        if (Deadline < MethodTimeout + MethodTimeout || Deadline > TimeSpan.FromDays(7))
        {
            errors.Add($"{SectionName}:Deadline must be at least twice MethodTimeout and at most 7 days (was {Deadline}).");
        }

        return errors;
    }
}
