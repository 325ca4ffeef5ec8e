using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace CloudStatus.Faults.Tests.Support;

/// <summary>One autocannon run's figures.</summary>
internal sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors, long Non2xx, long Timeouts);

/// <summary>
/// autocannon (npm, pinned in <c>tests/load/package-lock.json</c>, installed by <c>scripts/deps/60-load.sh</c>) run
/// against a URL of the stack for a few seconds; its JSON report read back.
/// </summary>
internal static class Autocannon
{
    public static async Task<LoadResult> RunAsync(Uri url, string bearerToken, TimeSpan duration, int connections)
    {
        var script = Path.Combine(ReliabilityReport.RepositoryRoot(), "tests", "load", "node_modules", "autocannon", "autocannon.js");
        Assert.True(File.Exists(script), $"autocannon is not installed ({script}): run scripts/deps/60-load.sh");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            script, "--json", "--connections", connections.ToString(CultureInfo.InvariantCulture),
            "--duration", ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "--headers", "authorization=Bearer " + bearerToken, url.ToString(),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(duration + TimeSpan.FromSeconds(30));
        var json = await stdout;
        Assert.True(process.ExitCode == 0 && json.Length > 0, $"autocannon exited {process.ExitCode}: {await stderr}");

        using var report = JsonDocument.Parse(json);
        var root = report.RootElement;
        return new LoadResult(
            root.GetProperty("requests").GetProperty("average").GetDouble(),
            root.GetProperty("latency").GetProperty("p50").GetDouble(),
            root.GetProperty("latency").GetProperty("p99").GetDouble(),
            root.GetProperty("errors").GetInt64(),
            root.GetProperty("non2xx").GetInt64(),
            root.GetProperty("timeouts").GetInt64());
    }
}
