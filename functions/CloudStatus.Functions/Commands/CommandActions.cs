using CloudStatus.Core.Commands;

namespace CloudStatus.Functions.Commands;

/// <summary>Actions an operator may request, each carried by the direct method of the same name.</summary>
internal static class CommandActions
{
    public const string Reboot = DirectMethodNames.Reboot;
    public const string Delete = DirectMethodNames.Delete;
    public const string Add = DirectMethodNames.Add;
    public const string Resync = DirectMethodNames.Resync;

    /// <summary>Start or stop a supervised process (kind <c>process</c>, ADR 0100); its restart is a reboot.</summary>
    public const string Start = DirectMethodNames.Start;
    public const string Stop = DirectMethodNames.Stop;

    public static readonly IReadOnlyList<string> All = [Reboot, Delete, Add, Resync, Start, Stop];

    public static bool IsKnown(string? action) => action is not null && All.Contains(action, StringComparer.Ordinal);
}
