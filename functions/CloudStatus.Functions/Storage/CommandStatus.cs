namespace CloudStatus.Functions.Storage;

/// <summary>Lifecycle of a command: pending → sent → succeeded | failed | timedOut.</summary>
internal static class CommandStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string TimedOut = "timedOut";
}
