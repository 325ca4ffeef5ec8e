namespace CloudStatus.Functions.Storage;

/// <summary>Lifecycle of a command: pending → sent → succeeded | failed | timedOut.</summary>
internal static class CommandStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string TimedOut = "timedOut";

    /// <summary>Succeeded, failed or timed out: nothing more happens to the command.</summary>
    public static bool IsFinal(string status) => status is Succeeded or Failed or TimedOut;
}
