namespace CloudStatus.Functions.Storage;

/// <summary>
/// Lifecycle of a command: pending → sent → succeeded | failed | timedOut; an add whose producer has not shown up yet
/// goes sent → waiting (the module took it and answers the equipment's verdict when asked again) → sent → … (ADR 141).
/// </summary>
internal static class CommandStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Waiting = "waiting";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string TimedOut = "timedOut";

    /// <summary>Succeeded, failed or timed out: nothing more happens to the command.</summary>
    public static bool IsFinal(string status) => status is Succeeded or Failed or TimedOut;
}
