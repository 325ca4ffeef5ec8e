namespace CloudStatus.Bench.Cost;

/// <summary>
/// Request units from Microsoft's published figures. The default, <em>linear</em>: a point read costs ~1 RU per started
/// KB of the item, a write ~5 RU per started KB with the default indexing policy (learn.microsoft.com/azure/cosmos-db/optimize-cost-reads-writes;
/// AZURE-NOTES.md); a lower <see cref="WriteRuPerKb"/> stands for a policy that excludes unqueried paths. The <em>table</em>
/// model (<see cref="SizeTable"/>) prices reads and writes by the item-size table of
/// learn.microsoft.com/azure/cosmos-db/understand-request-unit-consumption, rounded up to the next row. In both, a read
/// that finds nothing costs what a 1 KB read costs, a single-partition query one read plus a read per KB returned, and a
/// partial document update (patch) what a replace of the item costs ("Users shouldn't expect a significant reduction in
/// RU", learn.microsoft.com/azure/cosmos-db/partial-document-update-faq). Never taken from the Cosmos emulator, which
/// reports a constant charge.
/// </summary>
internal sealed record CosmosCostModel
{
    /// <summary>Microsoft's table: item size in KB, point read RU, write RU (session/eventual consistency), as published on 2026-12-04's copy.</summary>
    public static readonly IReadOnlyList<(int Kb, double Read, double Write)> Table =
    [
        (1, 1.00, 4.95), (2, 1.04, 6.29), (4, 1.14, 6.67), (8, 1.33, 7.04), (16, 1.67, 9.52), (32, 2.19, 11.23),
        (64, 4.76, 22.67), (128, 9.95, 48.19), (256, 20.28, 98.29), (512, 40.95, 184.57), (1024, 145.90, 625.00), (2048, 291.80, 1250.00),
    ];

    public double ReadRuPerKb { get; init; } = 1;

    public double WriteRuPerKb { get; init; } = 5;

    /// <summary>Price reads and writes by <see cref="Table"/> instead of per started KB.</summary>
    public bool SizeTable { get; init; }

    public double PointRead(int itemBytes) => SizeTable ? Row(itemBytes).Read : ReadRuPerKb * StartedKb(itemBytes);

    public double Write(int itemBytes) => SizeTable ? Row(itemBytes).Write : WriteRuPerKb * StartedKb(itemBytes);

    public double Query(long resultBytes) => ReadRuPerKb * (1 + Math.Ceiling(Math.Max(0, resultBytes) / 1024.0));

    public string Describe() => SizeTable
        ? "Microsoft's item-size table (understand-request-unit-consumption): 1 KB read 1 RU / write 4.95 RU, 2 KB 1.04 / 6.29, 4 KB 1.14 / 6.67, …; query 1 RU + 1 per KB returned"
        : $"point read {ReadRuPerKb:0.##} RU per started KB, write {WriteRuPerKb:0.##} RU per started KB, query 1 RU + 1 per KB returned";

    private static double StartedKb(long bytes) => Math.Max(1, Math.Ceiling(bytes / 1024.0));

    private static (int Kb, double Read, double Write) Row(long bytes)
    {
        var kb = StartedKb(bytes);
        foreach (var row in Table)
        {
            if (row.Kb >= kb)
            {
                return row;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(bytes), bytes, "A Cosmos DB item is at most 2 MB.");
    }
}
