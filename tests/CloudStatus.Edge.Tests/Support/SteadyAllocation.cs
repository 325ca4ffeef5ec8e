namespace CloudStatus.Edge.Tests.Support;

/// <summary>
/// Bytes a steady-state loop allocates on the calling thread, as the least of several measured windows: the runtime may
/// allocate on this thread while it tiers a method up mid-loop (a busy test run makes that likelier), once, while an
/// allocation of the code under test shows in every window.
/// </summary>
internal static class SteadyAllocation
{
    public static long Least(Action window, int windows = 5)
    {
        var least = long.MaxValue;
        for (var i = 0; i < windows && least > 0; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            window();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
