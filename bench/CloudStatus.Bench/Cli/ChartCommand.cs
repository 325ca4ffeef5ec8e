using System.CommandLine;
using System.Globalization;
using CloudStatus.Bench.Charts;
using CloudStatus.Bench.Compare;
using CloudStatus.Bench.Fleet;

namespace CloudStatus.Bench.Cli;

/// <summary><c>chart</c>: runs <c>compare</c> for several fleet sizes and draws bytes and messages per hour against fleet size (SVG).</summary>
internal static class ChartCommand
{
    public static Command Create()
    {
        var fleet = new FleetOptions();
        var vary = new Option<string>("--vary") { Description = "What grows the fleet: 'devices' (devices per switch) or 'servers'.", DefaultValueFactory = _ => "devices" };
        var sizes = new Option<string>("--sizes") { Description = "Comma-separated values of the varied setting.", DefaultValueFactory = _ => "6,24,96,384" };
        var command = new Command("chart", "Run compare at several fleet sizes; write fleet-scaling.svg and fleet-scaling.md.");
        fleet.AddTo(command);
        command.Options.Add(vary);
        command.Options.Add(sizes);
        command.SetAction(async (parse, ct) =>
        {
            var byServers = string.Equals(parse.GetValue(vary), "servers", StringComparison.OrdinalIgnoreCase);
            var values = parse.GetValue(sizes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToList();
            var baseSpec = fleet.Spec(parse);
            var specs = values.Select(v => baseSpec with { Fleet = byServers ? baseSpec.Fleet with { Servers = v } : baseSpec.Fleet with { DevicesPerSwitch = v } }).ToList();
            var errors = specs.SelectMany(s => s.Validate()).Distinct().ToList();
            if (errors.Count > 0 || values.Count == 0)
            {
                await Console.Error.WriteLineAsync(values.Count == 0 ? "--sizes needs at least one value." : string.Join(Environment.NewLine, errors)).ConfigureAwait(false);
                return 2;
            }

            var runs = new List<ComparisonResult>();
            foreach (var spec in specs)
            {
                await Console.Error.WriteLineAsync($"chart: run {runs.Count + 1} of {specs.Count}: {spec.Describe()}").ConfigureAwait(false);
                runs.Add(await ComparisonRunner.RunAsync(spec, fleet.Cost(parse), line => Console.Error.WriteLine(line), ct).ConfigureAwait(false));
            }

            var machine = MachineInfo.Describe();
            var table = FleetScalingChart.Table(runs);
            Console.WriteLine(table);
            var folder = parse.GetValue(fleet.Out) ?? Path.Combine("bench", "results");
            Directory.CreateDirectory(folder);
            string[] footnotes = [Describe(baseSpec, byServers), machine];
            var svgPath = Path.Combine(folder, "fleet-scaling.svg");
            await File.WriteAllTextAsync(svgPath, FleetScalingChart.Svg(runs, footnotes), ct).ConfigureAwait(false);
            var mdPath = Path.Combine(folder, "fleet-scaling.md");
            await File.WriteAllTextAsync(
                mdPath,
                $"# bench chart\n\n```\ndotnet run -c Release --project bench/CloudStatus.Bench -- {string.Join(' ', parse.Tokens.Select(t => t.Value))}\n```\n\n{Describe(baseSpec, byServers)}\n\nMachine: {machine}\n\n{table}",
                ct).ConfigureAwait(false);
            await Console.Error.WriteLineAsync($"wrote {svgPath} and {mdPath}").ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static string Describe(BenchSpec bench, bool byServers)
    {
        var c = CultureInfo.InvariantCulture;
        var spec = bench.Fleet;
        var grown = byServers
            ? string.Create(c, $"Fleet grown by servers ({spec.SwitchesPerServer} switches × {spec.DevicesPerSwitch} devices each)")
            : string.Create(c, $"Fleet grown by devices per switch ({spec.Servers} servers × {spec.SwitchesPerServer} switches)");
        return grown + string.Create(c, $"; change {spec.ChangeRate:P0}/min, reports every {spec.ReportInterval.TotalSeconds:0} s, period {bench.Period.TotalSeconds:0} s, seed {spec.Seed}");
    }
}
