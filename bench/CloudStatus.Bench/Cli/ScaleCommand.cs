using System.CommandLine;
using CloudStatus.Bench.Compare;
using CloudStatus.Bench.Scale;

namespace CloudStatus.Bench.Cli;

/// <summary><c>scale</c>: 1,000 servers and 10 million producers through the edge pipeline and batch encoding.</summary>
internal static class ScaleCommand
{
    public static Command Create()
    {
        var defaults = new ScaleSpec();
        var servers = new Option<int>("--servers") { Description = "Local servers.", DefaultValueFactory = _ => defaults.Servers };
        var switches = new Option<int>("--switches") { Description = "Switches per server.", DefaultValueFactory = _ => defaults.SwitchesPerServer };
        var devices = new Option<int>("--devices") { Description = "Devices per switch.", DefaultValueFactory = _ => defaults.DevicesPerSwitch };
        var parallelism = new Option<int>("--parallelism") { Description = "Servers processed at once.", DefaultValueFactory = _ => defaults.Parallelism };
        var output = new Option<string?>("--out") { Description = "Folder to write scale.md into." };
        var command = new Command("scale", "1,000 servers × 10,002 producers through the edge pipeline and batch encoding: memory per producer and wall time.")
        {
            servers, switches, devices, parallelism, output,
        };
        command.SetAction(async (parse, ct) =>
        {
            var spec = new ScaleSpec
            {
                Servers = parse.GetValue(servers),
                SwitchesPerServer = parse.GetValue(switches),
                DevicesPerSwitch = parse.GetValue(devices),
                Parallelism = parse.GetValue(parallelism),
            };
            var errors = spec.Validate();
            if (errors.Count > 0)
            {
                await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, errors)).ConfigureAwait(false);
                return 2;
            }

            await Console.Error.WriteLineAsync($"scale: {spec.Servers:N0} servers, {spec.TotalProducers:N0} producers").ConfigureAwait(false);
            var result = await ScaleRunner.RunAsync(spec, line => Console.Error.WriteLine(line), ct).ConfigureAwait(false);
            var report = ScaleReport.Render(result, MachineInfo.Describe());
            Console.WriteLine(report);
            if (parse.GetValue(output) is { } folder)
            {
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, "scale.md");
                await File.WriteAllTextAsync(path, $"# bench scale\n\n```\ndotnet run -c Release --project bench/CloudStatus.Bench -- {string.Join(' ', parse.Tokens.Select(t => t.Value))}\n```\n\n{report}", ct).ConfigureAwait(false);
                await Console.Error.WriteLineAsync($"wrote {path}").ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }
}
