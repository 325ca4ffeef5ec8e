using CloudStatus.Convergence.Tests.History;
using FsCheck.Xunit;

namespace CloudStatus.Convergence.Tests;

public sealed class ConvergenceProperties
{
    /// <summary>
    /// Whatever producers report, whatever the edge's loops, restarts and the link do (drops, duplicates, reordering,
    /// outages), once the link is reliable again central holds exactly the edge heap within a few heartbeat intervals.
    /// </summary>
    [Property(MaxTest = 150, Arbitrary = [typeof(HistoryArbitrary)])]
    public Task Central_AnyEdgeHistoryOverALossyLink_ConvergesToTheEdgeHeap(ConvergenceHistory history) =>
        ConvergenceRun.AssertConvergesAsync(history);
}
