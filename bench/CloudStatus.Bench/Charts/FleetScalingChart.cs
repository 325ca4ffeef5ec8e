using System.Globalization;
using System.Text;
using CloudStatus.Bench.Baselines;
using CloudStatus.Bench.Compare;

namespace CloudStatus.Bench.Charts;

/// <summary>The fleet-scaling chart: bytes (as sent) and messages per hour against fleet size, one line per approach.</summary>
internal static class FleetScalingChart
{
    private static readonly (string Color, Func<ComparisonResult, WireTally> Pick)[] Approaches =
    [
        ("#1f77b4", r => r.CloudStatus),
        ("#d62728", r => r.Forward),
        ("#ff7f0e", r => r.Snapshot),
        ("#2ca02c", r => r.Twin),
    ];

    public static string Svg(IReadOnlyList<ComparisonResult> runs, IReadOnlyList<string> footnotes)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return SvgChart.Render(
            "CloudStatus against the baselines, one simulated hour",
            "fleet size (producers)",
            [
                Panel(runs, "Bytes per hour (as sent)", "bytes / hour", t => t.GzipBytes),
                Panel(runs, "Messages per hour (IoT Hub)", "messages / hour", t => t.Messages),
            ],
            footnotes);
    }

    /// <summary>A Markdown table of every run: fleet size and, per approach, bytes and messages per hour, with the ratios.</summary>
    public static string Table(IReadOnlyList<ComparisonResult> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("| servers | producers/server | producers | CS bytes/h | forward bytes/h | snapshot bytes/h | twin bytes/h | CS msgs/h | forward msgs/h | snapshot msgs/h | twin msgs/h | CS/forward bytes | CS/twin billable msgs | wall s |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            var h = r.PerHour;
            sb.Append(c, $"| {r.Spec.Fleet.Servers} | {r.Spec.Fleet.ProducersPerServer:N0} | {r.Spec.Fleet.TotalProducers:N0} ");
            foreach (var (_, pick) in Approaches)
            {
                sb.Append(c, $"| {pick(r).GzipBytes * h:N0} ");
            }

            foreach (var (_, pick) in Approaches)
            {
                sb.Append(c, $"| {pick(r).Messages * h:N0} ");
            }

            sb.Append(c, $"| {ComparisonReport.FormatRatio(ComparisonReport.Ratio(r.CloudStatus.GzipBytes, r.Forward.GzipBytes))} ");
            sb.Append(c, $"| {ComparisonReport.FormatRatio(ComparisonReport.Ratio(r.CloudStatus.BillableUnits, r.Twin.BillableUnits))} ");
            sb.AppendLine(c, $"| {r.WallTime.TotalSeconds:0.0} |");
        }

        return sb.ToString();
    }

    private static ChartPanel Panel(IReadOnlyList<ComparisonResult> runs, string title, string yLabel, Func<WireTally, double> figure) => new(
        title,
        yLabel,
        [.. Approaches.Select(a => new ChartSeries(
            a.Pick(runs[0]).Name,
            a.Color,
            [.. runs.Select(r => ((double)r.Spec.Fleet.TotalProducers, figure(a.Pick(r)) * r.PerHour))]))]);
}
