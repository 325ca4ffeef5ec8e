using System.CommandLine;
using CloudStatus.Bench.Cli;

var root = new RootCommand("CloudStatus benchmarks: compare against the baselines, chart fleet scaling, micro-benchmarks of the hot paths, the scale run.")
{
    CompareCommand.Create(),
    ChartCommand.Create(),
    MicroCommand.Create(),
    ScaleCommand.Create(),
};
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
