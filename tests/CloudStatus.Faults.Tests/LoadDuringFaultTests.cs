using CloudStatus.Faults.Tests.Support;

namespace CloudStatus.Faults.Tests;

/// <summary>
/// The load table's first row: readers on the API (a producer page and an event page at once) while the whole fleet
/// ingests, every producer changing about once a minute, with no fault. Every fault scenario carries the same readers
/// (<see cref="FaultLoad"/>).
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class LoadDuringFaultTests(ReliabilityReport report)
{
    [Fact]
    public async Task Api_UnderLoad_HoldsTheBarWhileTheFleetIngests()
    {
        await using var stack = await FaultStack.StartAsync(changeRate: 1);
        await Convergence.CentralEqualsEveryHeapAsync(stack);

        await using var load = await FaultLoad.StartAsync(stack, FaultCatalog.NoFault);
        await load.StopAsync(report, atLeast: TimeSpan.FromSeconds(5));

        await Convergence.CentralEqualsEveryHeapAsync(stack);
        await Convergence.AssertNoDuplicateEventAsync(stack);
    }
}
