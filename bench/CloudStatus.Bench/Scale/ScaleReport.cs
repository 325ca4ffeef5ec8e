using System.Globalization;
using System.Text;

namespace CloudStatus.Bench.Scale;

/// <summary>The scale run's figures as Markdown.</summary>
internal static class ScaleReport
{
    public static string Render(ScaleResult r, string machine)
    {
        ArgumentNullException.ThrowIfNull(r);
        var c = CultureInfo.InvariantCulture;
        var s = r.Spec;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"Fleet: {s.Servers:N0} servers × {s.ProducersPerServer:N0} producers ({s.SwitchesPerServer} switches × ({s.DevicesPerSwitch} devices + 2 trunks + fan) + server + voicemail) = {s.TotalProducers:N0} producers; {s.Parallelism} servers at a time");
        sb.AppendLine(c, $"Machine: {machine}");
        sb.AppendLine();
        sb.AppendLine("| figure | value |");
        sb.AppendLine("|---|---:|");
        sb.AppendLine(c, $"| wall time, whole run | {r.WallTime.TotalSeconds:0.0} s (process CPU {r.CpuTime.TotalSeconds:0.0} s) |");
        sb.AppendLine(c, $"| populate: every producer appears, async write, pump + encode | {r.PopulateTime.TotalSeconds:0.0} s wall, {r.PopulateCpuTime.TotalSeconds:0.0} s CPU ({s.TotalProducers / r.PopulateTime.TotalSeconds:N0} producers/s wall) |");
        sb.AppendLine(c, $"| messages / bytes (gzip) sent by the populate pump | {r.Messages:N0} / {r.Bytes:N0} |");
        sb.AppendLine(c, $"| steady round: every producer reports unchanged | {r.SteadyRoundTime.TotalSeconds:0.00} s wall, {r.SteadyCpuTime.TotalSeconds:0.00} s CPU: {r.SteadyObservationsPerSecond:N0} observations/s wall, {r.SteadyObservationsPerCpuSecond:N0} per CPU-second |");
        sb.AppendLine(c, $"| steady round, {(ThreadCpuClock.IsThreadCpuTime ? "thread CPU" : "wall")} time inside Post summed over threads | {r.SteadyPostCpuTime.TotalSeconds:0.00} s, {r.SteadyObservationsPerSecondPerCore:N0} observations/s per core |");
        sb.AppendLine(c, $"| change round: {s.ChangeShare:P0} change, writes + pump + encode | {r.ChangeRoundTime.TotalSeconds:0.00} s wall, {r.ChangeCpuTime.TotalSeconds:0.00} s CPU, {r.ChangedRecords:N0} heap records, {r.ChangeMessages:N0} messages, {r.ChangeBytes:N0} bytes |");
        sb.AppendLine(c, $"| managed heap per producer, whole edge pipeline alive (GC.GetTotalMemory) | {r.BytesPerProducer:0} B |");
        sb.AppendLine(c, $"| managed heap per producer (GC.GetGCMemoryInfo().HeapSizeBytes) | {r.HeapInfoBytesPerProducer:0} B |");
        sb.AppendLine(c, $"| uplink on top of the heap, per producer (sample; the delta baselines: what the hub acknowledged) | {r.UplinkBytesPerProducer:0} B |");
        sb.AppendLine(c, $"| status heap on top of the buffer, per producer (sample of servers; its slots beside the buffer's, id and state bytes shared with the buffer) | {r.StatusHeapBytesPerProducer:0} B |");
        sb.AppendLine(c, $"| observation buffer with nothing written, per producer (sample, incl. the id and state bytes) | {r.BufferBytesPerProducer:0} B |");
        sb.AppendLine(c, $"| of which the id (UTF-8, in the index's pages) and the state (UTF-8 byte array), per producer | {r.StringBytesPerProducer:0} B |");
        sb.AppendLine(c, $"| gen-0 collections during the run | {r.GcCollections:N0} |");
        return sb.ToString();
    }
}
