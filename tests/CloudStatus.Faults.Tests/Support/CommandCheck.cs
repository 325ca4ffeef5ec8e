using CloudStatus.Dev.Tests.Hub;

namespace CloudStatus.Faults.Tests.Support;

/// <summary>A reboot through the command API after a fault: it must end succeeded, and the switch must get it exactly once.</summary>
internal static class CommandCheck
{
    /// <summary>Returns 0 when the command succeeded and reached the switch once; else how many were lost or doubled.</summary>
    public static async Task<(int LostOrDoubled, string Detail)> RebootOnceAsync(FaultStack stack, string switchId)
    {
        var before = stack.RebootsReceived(switchId);
        var commandId = await stack.SubmitRebootAsync(switchId);
        Functions.Api.CommandDto? command = null;
        await Eventually.TrueAsync(async () => (command = await stack.CommandAsync(commandId)).Status is "succeeded" or "failed" or "timedOut",
            $"command {commandId} ended", TimeSpan.FromSeconds(30));
        var received = stack.RebootsReceived(switchId) - before;
        return ((command!.Status == "succeeded" ? 0 : 1) + Math.Abs(received - 1), $"ended {command.Status} ({command.Result}), {received} reboot requests reached {switchId}");
    }
}
