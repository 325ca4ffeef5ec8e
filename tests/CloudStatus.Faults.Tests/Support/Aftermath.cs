using System.Diagnostics;

namespace CloudStatus.Faults.Tests.Support;

/// <summary>
/// What every scenario checks once its fault is over, and the row it adds to the table: central equals every edge heap
/// (timed from the end of the fault), a reboot through the command API succeeds and reaches its switch once, and the
/// event log holds no duplicate. The row is added before the assertions, so a failing run reports what it lost.
/// </summary>
internal static class Aftermath
{
    public static async Task CheckAsync(
        FaultStack stack, ReliabilityReport report, string fault, string injected, int times, Stopwatch sinceFaultEnded, string switchId, int otherLost = 0, string? configuration = null)
    {
        var lost = otherLost;
        try
        {
            await Convergence.CentralEqualsEveryHeapAsync(stack);
        }
        catch (TimeoutException)
        {
            lost += (await Convergence.DifferencesAsync(stack)).Count;
        }

        var converged = sinceFaultEnded.Elapsed;
        var (commandsLostOrDoubled, commandDetail) = await CommandCheck.RebootOnceAsync(stack, switchId);
        await Convergence.CentralEqualsEveryHeapAsync(stack);
        var duplicates = await Convergence.DuplicateEventsAsync(stack);
        report.Add(new ReliabilityRow(fault, injected, times, lost + commandsLostOrDoubled + duplicates, converged, configuration ?? FaultStack.Configuration));

        Assert.True(lost == 0, $"{fault}: {lost} lost (records central lacks after {Convergence.Limit.TotalSeconds} s, or the scenario's own losses)");
        Assert.True(commandsLostOrDoubled == 0, $"{fault}: the reboot of {switchId} {commandDetail}");
        await Convergence.AssertNoDuplicateEventAsync(stack);
    }
}
