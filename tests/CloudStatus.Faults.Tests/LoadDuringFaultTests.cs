using CloudStatus.Faults.Tests.Support;

namespace CloudStatus.Faults.Tests;

/// <summary>
/// Readers on the API (autocannon) while the fleet ingests, first with no fault, then while the broker is restarted
/// over and over. The figures go to docs/reliability.md; no timing is asserted (a shared 2-core machine), only that
/// every request was answered 2xx and that central still equals every heap after.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class LoadDuringFaultTests(ReliabilityReport report)
{
    private const int Connections = 10;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(5);
    private const string ProducerPage = "/api/v1/servers/srv-01/producers?limit=100";
    private const string EventPage = "/api/v1/events?limit=100";

    [Fact]
    public async Task Api_UnderLoad_AnswersEveryRequestWhileTheBrokerRestarts()
    {
        // 2 switches of 24 devices per server: a producer page of about 50 items.
        await using var stack = await FaultStack.StartAsync(changeRate: 1, devices: 24);
        await Convergence.CentralEqualsEveryHeapAsync(stack);

        var results = new List<LoadRow>
        {
            await MeasureAsync(stack, "no fault, the fleet ingesting", ProducerPage),
        };

        using var stop = new CancellationTokenSource();
        var restarts = 0;
        var faults = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await stack.Hub.StopAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(700));
                await stack.Hub.StartAsync();
                restarts++;
                await Task.Delay(TimeSpan.FromMilliseconds(700));
            }
        });
        results.Add(await MeasureAsync(stack, "MQTT broker restarted every 1.4 s", ProducerPage));
        results.Add(await MeasureAsync(stack, "MQTT broker restarted every 1.4 s", EventPage));
        await stop.CancelAsync();
        await faults;

        foreach (var row in results)
        {
            report.Add(row);
        }

        await Convergence.CentralEqualsEveryHeapAsync(stack);
        await Convergence.AssertNoDuplicateEventAsync(stack);
        Assert.True(restarts >= 3, $"the broker restarted only {restarts} times during the load");
        Assert.All(results, r =>
        {
            Assert.True(r.Result.RequestsPerSecond > 0, $"{r.Request}: no request answered");
            Assert.Equal(0, r.Result.Errors + r.Result.Non2xx + r.Result.Timeouts);
        });
    }

    private static async Task<LoadRow> MeasureAsync(FaultStack stack, string condition, string path) =>
        new(condition, path, Connections, Duration,
            await Autocannon.RunAsync(new Uri(stack.Client.BaseAddress!, path), FaultStack.Token, Duration, Connections));
}
