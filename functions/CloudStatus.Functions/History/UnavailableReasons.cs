namespace CloudStatus.Functions.History;

/// <summary>Why a member server is missing from a coalesced history result.</summary>
internal static class UnavailableReasons
{
    /// <summary>The hub reports the server's module as not connected.</summary>
    public const string Offline = "offline";

    /// <summary>No answer within the per-server timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>The module answered with an error, or its answer was not a history page, or the call failed.</summary>
    public const string Error = "error";

    public static bool IsKnown(string reason) => reason is Offline or Timeout or Error;
}
