using System.Diagnostics;
using CloudStatus.Dev.Tests.Hub;

namespace CloudStatus.Faults.Tests.Support;

/// <summary>What every scenario checks after its fault: central equals every edge heap, and the event log has no duplicate.</summary>
internal static class Convergence
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Waits until, for every running server, central's watermark is the heap's last sequence number and central holds
    /// exactly the heap's records at the heap's sequence numbers; returns how long that took.
    /// </summary>
    public static async Task<TimeSpan> CentralEqualsEveryHeapAsync(FaultStack stack)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<string> differences = [];
        try
        {
            await Eventually.TrueAsync(async () => (differences = await DifferencesAsync(stack)).Count == 0, "central equals every edge heap", Limit);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException(exception.Message + " Still different: " + string.Join("; ", differences.Take(10)), exception);
        }

        return clock.Elapsed;
    }

    /// <summary>Each heap record central lacks or holds at another sequence number, each record central has and no heap has.</summary>
    public static async Task<IReadOnlyList<string>> DifferencesAsync(FaultStack stack)
    {
        var differences = new List<string>();
        foreach (var server in stack.Fleet.Servers)
        {
            var heap = server.Node.Heap;
            var maxSeq = heap.MaxSeq;
            var records = heap.Records().ToDictionary(r => r.ProducerId, r => r.Seq, StringComparer.Ordinal);
            var central = await stack.ServerAsync(server.ServerId);
            if (central is null)
            {
                differences.Add($"{server.ServerId}: unknown to central");
                continue;
            }

            if (central.Watermark != maxSeq)
            {
                differences.Add($"{server.ServerId}: watermark {central.Watermark} vs heap {maxSeq}");
            }

            var producers = (await stack.ProducersAsync(server.ServerId)).ToDictionary(p => p.ProducerId, p => p.Seq, StringComparer.Ordinal);
            differences.AddRange(records.Where(r => !producers.TryGetValue(r.Key, out var seq) || seq != r.Value)
                .Select(r => $"{r.Key}: heap seq {r.Value}, central {(producers.TryGetValue(r.Key, out var seq) ? seq.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}"));
            differences.AddRange(producers.Keys.Where(p => !records.ContainsKey(p)).Select(p => $"{p}: in central, in no heap"));
        }

        return differences;
    }

    /// <summary>Events central recorded more than once for the same producer change (same producer, type and sequence number).</summary>
    public static async Task<int> DuplicateEventsAsync(FaultStack stack) => (await DuplicatesAsync(stack)).Sum(g => g.Count() - 1);

    public static async Task<List<IGrouping<(string ServerId, string ProducerId, string Type, long? Seq), Functions.Api.EventDto>>> DuplicatesAsync(FaultStack stack) =>
        [.. (await stack.EventsAsync())
            .Where(e => e.Seq is not null)
            .GroupBy(e => (e.ServerId, e.ProducerId, e.Type, e.Seq))
            .Where(g => g.Count() > 1)];

    /// <summary>Fails with the duplicates listed.</summary>
    public static async Task AssertNoDuplicateEventAsync(FaultStack stack)
    {
        var duplicates = await DuplicatesAsync(stack);
        Assert.True(duplicates.Count == 0, "duplicate events: " + string.Join("; ", duplicates.Select(g =>
            $"{g.Key} x{g.Count()} [{string.Join(", ", g.Select(e => $"{e.EventId} {e.Health} local {e.LocalTimestamp:O} central {e.CentralTimestamp:O}"))}]")));
    }
}
