using System.Globalization;
using System.Text;
using CloudStatus.Bench.Baselines;

namespace CloudStatus.Bench.Compare;

/// <summary>The comparison as a Markdown table: per-hour figures of each approach and the ratios CloudStatus / baseline.</summary>
internal static class ComparisonReport
{
    private static readonly (string Name, Func<WireTally, double> Pick, string Format)[] Figures =
    [
        ("messages", t => t.Messages, "N0"),
        ("bytes, raw JSON", t => t.RawBytes, "N0"),
        ("bytes, as sent (gzip)", t => t.GzipBytes, "N0"),
        ("IoT Hub billable 4 KB units", t => t.BillableUnits, "N0"),
        ("central writes (documents)", t => t.CentralWrites, "N0"),
        ("Cosmos RU", t => t.RequestUnits, "N0"),
    ];

    /// <summary>CloudStatus' value divided by the baseline's (0 when the baseline is 0).</summary>
    public static double Ratio(double cloudStatus, double baseline) => baseline == 0 ? 0 : cloudStatus / baseline;

    public static string Render(ComparisonResult result, string machine)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = CultureInfo.InvariantCulture;
        var perHour = result.PerHour;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Fleet: {result.Spec.Describe()}");
        sb.AppendLine(c, $"Machine: {machine}; wall time {result.WallTime.TotalSeconds:0.0} s");
        sb.AppendLine(c, $"Cosmos cost model: {result.Cost.Describe()}");
        var f = result.Fleet;
        sb.AppendLine(c, $"Counted per hour: {f.Observations * perHour:N0} observations, {f.Changes * perHour:N0} changes, {f.Flaps * perHour:N0} flaps, {f.Reboots * perHour:N0} reboots, {f.DarkSwitches * perHour:N0} switches dark, {result.HeapRecords * perHour:N0} heap records written; {result.ResyncRequests} resync requests, {result.DeadLetters} dead letters");
        sb.AppendLine();
        sb.AppendLine("| per simulated hour | CloudStatus | forward every observation | full snapshot every period | twin patch per change | CS / forward | CS / snapshot | CS / twin |");
        sb.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, pick, format) in Figures)
        {
            var cs = pick(result.CloudStatus) * perHour;
            sb.Append(c, $"| {name} | {cs.ToString(format, c)} ");
            foreach (var baseline in result.Baselines)
            {
                sb.Append(c, $"| {(pick(baseline) * perHour).ToString(format, c)} ");
            }

            foreach (var baseline in result.Baselines)
            {
                sb.Append(c, $"| {FormatRatio(Ratio(cs, pick(baseline) * perHour))} ");
            }

            sb.AppendLine("|");
        }

        sb.AppendLine();
        sb.AppendLine("CloudStatus' central operations per container (per hour):");
        foreach (var (container, tally) in result.Containers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            sb.AppendLine(c, $"- {container}: {tally.Reads * perHour:N0} point reads, {tally.Writes * perHour:N0} writes, {tally.Queries * perHour:N0} queries, {tally.RequestUnits * perHour:N0} RU");
        }

        return sb.ToString();
    }

    /// <summary>"0.0123 (81× fewer)" or "1.50 (1.5× more)".</summary>
    public static string FormatRatio(double ratio)
    {
        var c = CultureInfo.InvariantCulture;
        if (ratio <= 0)
        {
            return "–";
        }

        return ratio < 1
            ? string.Create(c, $"{ratio:0.####} ({1 / ratio:0.#}× fewer)")
            : string.Create(c, $"{ratio:0.##} ({ratio:0.#}× more)");
    }
}
