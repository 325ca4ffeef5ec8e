using System.CommandLine;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CloudStatus.Bench.Micro;

namespace CloudStatus.Bench.Cli;

/// <summary>
/// <c>micro</c>: BenchmarkDotNet micro-benchmarks of the hot paths with allocations, as a short in-process job (no
/// generated project to build; 3 warm-up and 5 measured iterations) so a run fits a shared 2-core machine.
/// </summary>
internal static class MicroCommand
{
    public static readonly Type[] Benchmarks =
    [
        typeof(ObservationIntakeBenchmarks),
        typeof(ChatterFilterBenchmarks),
        typeof(HeapBenchmarks),
        typeof(BatchEncodingBenchmarks),
        typeof(IngestBenchmarks),
    ];

    public static Command Create()
    {
        var filter = new Option<string?>("--filter") { Description = "Glob over benchmark names, e.g. '*Intake*'." };
        var output = new Option<string>("--out") { Description = "Folder for the GitHub-Markdown reports.", DefaultValueFactory = _ => Path.Combine("bench", "results", "micro") };
        var command = new Command("micro", "BenchmarkDotNet micro-benchmarks of the hot paths (short in-process job, MemoryDiagnoser).") { filter, output };
        command.SetAction(parse =>
        {
            var artifacts = Path.Combine(Path.GetTempPath(), "cloudstatus-bench-" + Environment.ProcessId);
            var config = ManualConfig.CreateEmpty()
                .AddJob(Job.Default
                    .WithToolchain(InProcessEmitToolchain.Instance)
                    .WithLaunchCount(1)
                    .WithWarmupCount(3)
                    .WithIterationCount(5)
                    .WithId("ShortInProcess"))
                .AddDiagnoser(MemoryDiagnoser.Default)
                .AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray())
                .AddLogger(DefaultConfig.Instance.GetLoggers().ToArray())
                .AddExporter(MarkdownExporter.GitHub)
                .WithArtifactsPath(artifacts)
                .WithOptions(ConfigOptions.DisableLogFile);
            if (parse.GetValue(filter) is { } glob)
            {
                config = config.AddFilter(new GlobFilter([glob]));
            }

            var summaries = BenchmarkRunner.Run(Benchmarks, config);
            var folder = parse.GetValue(output)!;
            Directory.CreateDirectory(folder);
            var results = Path.Combine(artifacts, "results");
            if (Directory.Exists(results))
            {
                foreach (var file in Directory.GetFiles(results, "*-report-github.md"))
                {
                    var name = Path.GetFileName(file).Replace("CloudStatus.Bench.Micro.", string.Empty, StringComparison.Ordinal).Replace("-report-github", string.Empty, StringComparison.Ordinal);
                    File.Copy(file, Path.Combine(folder, name), overwrite: true);
                }

                Directory.Delete(artifacts, recursive: true);
            }

            Console.Error.WriteLine($"micro: {summaries.Length} benchmark classes; reports in {folder}");
            return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
        });
        return command;
    }
}
