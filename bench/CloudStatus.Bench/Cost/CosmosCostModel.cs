namespace CloudStatus.Bench.Cost;

/// <summary>
/// Request units from the documented cost model (AZURE-NOTES.md; learn.microsoft.com/azure/cosmos-db/optimize-cost-reads-writes):
/// a point read costs ~1 RU per started KB of the item, a write ~5 RU per started KB with the default indexing policy
/// (less with a policy that excludes unqueried paths: pass a lower <see cref="WriteRuPerKb"/>). A read that finds
/// nothing costs what a 1 KB read costs. A single-partition query is charged like reading what it returns, plus one
/// read. Never taken from the Cosmos emulator, which reports a constant charge.
/// </summary>
internal sealed record CosmosCostModel
{
    public double ReadRuPerKb { get; init; } = 1;

    public double WriteRuPerKb { get; init; } = 5;

    public double PointRead(int itemBytes) => ReadRuPerKb * StartedKb(itemBytes);

    public double Write(int itemBytes) => WriteRuPerKb * StartedKb(itemBytes);

    public double Query(long resultBytes) => ReadRuPerKb * (1 + Math.Ceiling(Math.Max(0, resultBytes) / 1024.0));

    public string Describe() => $"point read {ReadRuPerKb:0.##} RU per started KB, write {WriteRuPerKb:0.##} RU per started KB, query 1 RU + 1 per KB returned";

    private static double StartedKb(long bytes) => Math.Max(1, Math.Ceiling(bytes / 1024.0));
}
