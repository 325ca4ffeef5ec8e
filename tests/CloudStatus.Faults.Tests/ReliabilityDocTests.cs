using CloudStatus.Faults.Tests.Support;

namespace CloudStatus.Faults.Tests;

/// <summary>
/// docs/reliability.md's tables are the suite's own output: one row per scenario the suite runs, each with nothing
/// lost, and nothing else between its markers; in the load table, two rows (one per page) per scenario and for no
/// fault, with no request failed. Regenerate with <c>CLOUDSTATUS_UPDATE_RELIABILITY=1</c> (see the doc).
/// </summary>
public sealed class ReliabilityDocTests
{
    [Fact]
    public void ReliabilityDoc_Table_HasARowPerScenarioWithNothingLost()
    {
        var text = File.ReadAllText(Path.Combine(ReliabilityReport.RepositoryRoot(), "docs", "reliability.md"));
        var rows = Rows(text, ReliabilityReport.Begin, ReliabilityReport.End);
        Assert.Equal(FaultCatalog.All, rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal("0", r[3]));

        // The load table: both pages' readers with no fault and during every fault, every request answered 2xx
        // (errors, non-2xx, timeouts), before the fault too.
        var load = Rows(text, ReliabilityReport.LoadBegin, ReliabilityReport.LoadEnd);
        Assert.Equal(FaultCatalog.WithLoad.SelectMany(f => new[] { f, f }), load.Select(r => r[0]));
        Assert.All(load, r => Assert.Equal(["0", "0", "0"], r[7..10]));
        Assert.All(load, r => Assert.EndsWith(", 0 failed", r[10], StringComparison.Ordinal));
    }

    private static List<string[]> Rows(string text, string begin, string end)
    {
        var start = text.IndexOf(begin, StringComparison.Ordinal);
        var stop = text.IndexOf(end, StringComparison.Ordinal);
        Assert.True(start >= 0 && stop > start, $"docs/reliability.md lacks the markers {begin} … {end}");
        return [.. text[(start + begin.Length)..stop]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Skip(2)
            .Select(line => line.Trim('|').Split('|', StringSplitOptions.TrimEntries))];
    }
}
