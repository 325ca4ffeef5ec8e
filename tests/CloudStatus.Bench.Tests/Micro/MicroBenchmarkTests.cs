using CloudStatus.Bench.Micro;

namespace CloudStatus.Bench.Tests.Micro;

/// <summary>The micro-benchmarks measure what they say they measure (one call each, no timing).</summary>
public class MicroBenchmarkTests
{
    [Fact]
    public async Task HeapBenchmarks_Write_WritesEveryRecordEachRound()
    {
        var benchmarks = new HeapBenchmarks();
        benchmarks.Setup();
        try
        {
            Assert.Equal(0, benchmarks.Diff());
            Assert.Equal(100, await benchmarks.Write());
            Assert.Equal(100, await benchmarks.Write());
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }
}
