using CloudStatus.Faults.Tests.Support;

namespace CloudStatus.Faults.Tests;

/// <summary>
/// docs/reliability.md's table is the suite's own output: it has one row per scenario the suite runs, each with nothing
/// lost, and nothing else between its markers. Regenerate with <c>CLOUDSTATUS_UPDATE_RELIABILITY=1</c> (see the doc).
/// </summary>
public sealed class ReliabilityDocTests
{
    [Fact]
    public void ReliabilityDoc_Table_HasARowPerScenarioWithNothingLost()
    {
        var text = File.ReadAllText(Path.Combine(ReliabilityReport.RepositoryRoot(), "docs", "reliability.md"));
        var start = text.IndexOf(ReliabilityReport.Begin, StringComparison.Ordinal);
        var end = text.IndexOf(ReliabilityReport.End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "docs/reliability.md lacks the generated table's markers");

        var rows = text[(start + ReliabilityReport.Begin.Length)..end]
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Skip(2)
            .Select(line => line.Trim('|').Split('|', StringSplitOptions.TrimEntries))
            .ToList();
        Assert.Equal(FaultCatalog.All, rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal("0", r[3]));
    }
}
