using CloudStatus.Bench.Compare;
using CloudStatus.Bench.Cost;
using CloudStatus.Bench.Fleet;
using CloudStatus.Fleet;

namespace CloudStatus.Bench.Tests.Compare;

/// <summary>The whole comparison on a tiny fleet for a few simulated minutes: real edge pipeline, real ingest, in-memory SQLite.</summary>
public class ComparisonRunnerTests
{
    private static readonly BenchSpec Tiny = new()
    {
        Fleet = new FleetSpec
        {
            Servers = 2,
            SwitchesPerServer = 2,
            DevicesPerSwitch = 6,
            ChangeRate = 0.1,
            RebootsPerSwitchHour = 30,
            DarkPerSwitchHour = 15,
            DarkDuration = TimeSpan.FromMinutes(3),
        },
        WarmUp = TimeSpan.FromMinutes(1),
        Duration = TimeSpan.FromMinutes(6),
    };

    [Fact]
    public async Task RunAsync_SameSeed_SameFigures()
    {
        var first = await ComparisonRunner.RunAsync(Tiny, new CosmosCostModel());
        var second = await ComparisonRunner.RunAsync(Tiny, new CosmosCostModel());

        foreach (var (a, b) in new[] { (first.CloudStatus, second.CloudStatus), (first.Forward, second.Forward), (first.Snapshot, second.Snapshot), (first.Twin, second.Twin) })
        {
            Assert.Equal(
                (a.Messages, a.RawBytes, a.GzipBytes, a.BillableUnits, a.CentralWrites, a.RequestUnits),
                (b.Messages, b.RawBytes, b.GzipBytes, b.BillableUnits, b.CentralWrites, b.RequestUnits));
        }

        Assert.Equal(first.HeapRecords, second.HeapRecords);
    }

    [Fact]
    public async Task RunAsync_TinyFleet_CentralAppliesEveryHeapRecordWithoutResyncs()
    {
        var result = await ComparisonRunner.RunAsync(Tiny, new CosmosCostModel());

        Assert.True(result.Fleet.Reboots > 0 && result.Fleet.DarkSwitches > 0 && result.Fleet.Flaps > 0, "the fleet should reboot, go dark and flap");
        Assert.Equal(0, result.DeadLetters);
        Assert.Equal(0, result.ResyncRequests);
        Assert.True(result.HeapRecords > 0);
        Assert.Equal(result.HeapRecords, result.Containers[CosmosItems.Producers].Writes);
        Assert.Equal(result.CloudStatus.Messages, result.Containers[CosmosItems.Servers].Writes);
        Assert.Equal(result.Fleet.Observations, result.Forward.Messages);
    }

    [Fact]
    public async Task RunAsync_TinyFleet_ChangeOnlyBeatsForwardingEverything()
    {
        var result = await ComparisonRunner.RunAsync(Tiny, new CosmosCostModel());

        Assert.True(result.CloudStatus.Messages < result.Forward.Messages);
        Assert.True(result.CloudStatus.GzipBytes < result.Forward.GzipBytes);
        Assert.True(result.CloudStatus.CentralWrites < result.Forward.CentralWrites);
    }

    [Fact]
    public async Task Render_Result_TableWithEveryFigureAndRatio()
    {
        var result = await ComparisonRunner.RunAsync(Tiny with { Duration = TimeSpan.FromMinutes(2) }, new CosmosCostModel());

        var report = ComparisonReport.Render(result, "test machine");

        foreach (var figure in new[] { "| messages |", "| bytes, raw JSON |", "| bytes, as sent (gzip) |", "| IoT Hub billable 4 KB units |", "| central writes (documents) |", "| Cosmos RU |" })
        {
            Assert.Contains(figure, report, StringComparison.Ordinal);
        }

        Assert.Contains("test machine", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5, "0.5 (2× fewer)")]
    [InlineData(0.01, "0.01 (100× fewer)")]
    [InlineData(2, "2 (2× more)")]
    [InlineData(0, "–")]
    public void FormatRatio_Ratio_ReadableBothWays(double ratio, string text)
    {
        Assert.Equal(text, ComparisonReport.FormatRatio(ratio));
    }
}
