using CloudStatus.Dev.Tests.Hub;
using CloudStatus.Faults.Tests.Support;

namespace CloudStatus.Faults.Tests;

/// <summary>The Function App (central) dies with work in hand; a new instance over the same stores finishes it.</summary>
[Collection(FaultsCollection.Name)]
public sealed class CentralKilledTests(ReliabilityReport report)
{
    private const string Switch = "srv-01.sw-01";

    [Fact]
    public async Task CentralKilled_MidBatch_NewInstanceConvergesWithEveryHeap()
    {
        await using var stack = await FaultStack.StartAsync(changeRate: 1);
        await Convergence.CentralEqualsEveryHeapAsync(stack);
        await using var other = await stack.StartSecondInstanceAsync();
        await using var load = await FaultLoad.StartAsync(stack, FaultCatalog.CentralKilledMidBatch, servedBy: other);

        // Batches acknowledged to the edges and still in the ingest queue when the process dies: lost with it.
        stack.Sink.Drop();
        foreach (var producer in new[] { "srv-01.sw-01.dev-001", "srv-02.sw-02.dev-003", "srv-01.sw-02" })
        {
            await stack.SetHealthAsync(producer, "degraded");
        }

        await Eventually.TrueAsync(() => stack.Sink.Dropped >= 3, "a few acknowledged batches were in the queue", TimeSpan.FromSeconds(30));
        var dropped = stack.Sink.Dropped;
        Assert.NotEmpty(await Convergence.DifferencesAsync(stack)); // the loss is real before the kill
        await stack.KillCentralAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await stack.RestartAsync();

        await Aftermath.CheckAsync(stack, report, FaultCatalog.CentralKilledMidBatch,
            "central killed with acknowledged device-to-cloud batches in its ingest queue (never applied); restarted over the same store",
            dropped, clock, "srv-02.sw-01");
        await load.StopAsync(report);
    }

    [Fact]
    public async Task CentralKilled_MidDispatch_CommandCompletesOnceAfterRestart()
    {
        await using var stack = await FaultStack.StartAsync(changeRate: 0);
        await Convergence.CentralEqualsEveryHeapAsync(stack);
        await using var other = await stack.StartSecondInstanceAsync();
        await using var load = await FaultLoad.StartAsync(stack, FaultCatalog.CentralKilledMidDispatch, servedBy: other);

        // The reboot reaches the edge (the switch reboots and is back), its answer never comes back, then central dies.
        stack.Methods.LoseNextAnswer();
        var commandId = await stack.SubmitRebootAsync(Switch);
        await Eventually.Within(stack.Methods.AnswerLost, TimeSpan.FromSeconds(30));
        Assert.Equal(1, stack.RebootsReceived(Switch));
        Assert.Equal("sent", (await stack.CommandAsync(commandId)).Status);
        await Eventually.TrueAsync(() => stack.BootCount(Switch) == 2, "the switch is back from its reboot", TimeSpan.FromSeconds(30));
        await stack.KillCentralAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await stack.RestartAsync();

        await Eventually.TrueAsync(async () => (await stack.CommandAsync(commandId)).Status is "succeeded" or "failed" or "timedOut",
            "the command ended on the new instance", TimeSpan.FromSeconds(30));
        var command = await stack.CommandAsync(commandId);

        // The redelivered command was answered from the edge's kept result: the switch (restarted with the process)
        // got no second reboot request and did not boot again.
        var secondReboots = stack.RebootsReceived(Switch) + (stack.BootCount(Switch) - 1);
        var lost = (command.Status == "succeeded" ? 0 : 1) + secondReboots;
        await Aftermath.CheckAsync(stack, report, FaultCatalog.CentralKilledMidDispatch,
            "reboot delivered to the edge, its answer lost, central killed while waiting; restarted, the queue redelivers after its visibility timeout",
            1, clock, "srv-02.sw-01", otherLost: lost);
        Assert.True(command.Status == "succeeded", $"ended {command.Status}: {command.Result}");
        Assert.Equal(0, secondReboots);
        await load.StopAsync(report);
    }
}
