using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace CloudStatus.Faults.Tests.Support;

/// <summary>One URL's figures from one autocannon run; requests per second over the whole run (not per-second samples).</summary>
internal sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Errors, long Non2xx, long Timeouts, double Seconds)
{
    public long Failures => Errors + Non2xx + Timeouts;
}

/// <summary>
/// Concurrent readers on the API: <c>tests/load/during.js</c> runs one autocannon instance per URL (npm, pinned in
/// <c>tests/load/package-lock.json</c>, installed by <c>scripts/deps/60-load.sh</c>) until <see cref="StopAsync"/>
/// closes its standard input, however long the fault takes.
/// </summary>
internal sealed class Autocannon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private Autocannon(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static Autocannon Start(IReadOnlyList<Uri> urls, string bearerToken, int connectionsPerUrl)
    {
        var directory = Path.Combine(ReliabilityReport.RepositoryRoot(), "tests", "load");
        var installed = Path.Combine(directory, "node_modules", "autocannon", "autocannon.js");
        Assert.True(File.Exists(installed), $"autocannon is not installed ({installed}): run scripts/deps/60-load.sh");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(directory, "during.js"));
        start.ArgumentList.Add(bearerToken);
        start.ArgumentList.Add(connectionsPerUrl.ToString(CultureInfo.InvariantCulture));
        foreach (var url in urls)
        {
            start.ArgumentList.Add(url.ToString());
        }

        return new Autocannon(Process.Start(start)!);
    }

    /// <summary>Ends the run once it has lasted <paramref name="atLeast"/>; one result per URL, in their order.</summary>
    public async Task<IReadOnlyList<LoadResult>> StopAsync(TimeSpan atLeast)
    {
        if (atLeast > _clock.Elapsed)
        {
            await Task.Delay(atLeast - _clock.Elapsed);
        }

        _process.StandardInput.Close();
        // autocannon stops on its next one-second sample.
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var json = await _stdout;
        Assert.True(_process.ExitCode == 0 && json.Length > 0, $"autocannon exited {_process.ExitCode}: {await _stderr}");

        using var report = JsonDocument.Parse(json);
        return [.. report.RootElement.EnumerateArray().Select(Read)];
    }

    private static LoadResult Read(JsonElement result)
    {
        var seconds = result.GetProperty("duration").GetDouble();
        var latency = result.GetProperty("latency");
        return new LoadResult(
            result.GetProperty("requests").GetProperty("total").GetDouble() / Math.Max(seconds, 0.001),
            latency.GetProperty("p50").GetDouble(),
            latency.GetProperty("p99").GetDouble(),
            result.GetProperty("errors").GetInt64(),
            result.GetProperty("non2xx").GetInt64(),
            result.GetProperty("timeouts").GetInt64(),
            seconds);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
