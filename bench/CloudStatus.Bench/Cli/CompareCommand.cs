using System.CommandLine;
using CloudStatus.Bench.Compare;
using CloudStatus.Bench.Cost;

namespace CloudStatus.Bench.Cli;

/// <summary><c>compare</c>: one fleet, one simulated hour, CloudStatus against the three baselines, the table of ratios.</summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var fleet = new FleetOptions();
        var command = new Command("compare", "Simulate one hour of a fleet through CloudStatus and the three baselines; print the ratios.");
        fleet.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var spec = fleet.Spec(parse);
            var errors = spec.Validate();
            if (errors.Count > 0)
            {
                await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, errors)).ConfigureAwait(false);
                return 2;
            }

            await Console.Error.WriteLineAsync($"compare: {spec.Describe()}").ConfigureAwait(false);
            var result = await ComparisonRunner.RunAsync(spec, fleet.Cost(parse), line => Console.Error.WriteLine(line), ct).ConfigureAwait(false);
            var report = ComparisonReport.Render(result, MachineInfo.Describe()) + Environment.NewLine + BillReport.Render(result, AzurePrices.Load());
            Console.WriteLine(report);
            if (parse.GetValue(fleet.Out) is { } folder)
            {
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, "compare.md");
                await File.WriteAllTextAsync(path, "# bench compare\n\n```\ndotnet run -c Release --project bench/CloudStatus.Bench -- compare " + string.Join(' ', parse.Tokens.Select(t => t.Value).SkipWhile(t => t == "compare")) + "\n```\n\n" + report, ct).ConfigureAwait(false);
                await Console.Error.WriteLineAsync($"wrote {path}").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
