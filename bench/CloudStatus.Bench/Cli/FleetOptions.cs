using System.CommandLine;
using CloudStatus.Bench.Cost;
using CloudStatus.Bench.Fleet;
using CloudStatus.Fleet;

namespace CloudStatus.Bench.Cli;

/// <summary>The fleet and cost options shared by <c>compare</c> and <c>chart</c>.</summary>
internal sealed class FleetOptions
{
    private static readonly BenchSpec Defaults = new();

    public Option<int> Servers { get; } = new("--servers") { Description = "Local servers.", DefaultValueFactory = _ => Defaults.Fleet.Servers };
    public Option<int> Switches { get; } = new("--switches") { Description = "Switches per server.", DefaultValueFactory = _ => Defaults.Fleet.SwitchesPerServer };
    public Option<int> Devices { get; } = new("--devices") { Description = "Devices per switch.", DefaultValueFactory = _ => Defaults.Fleet.DevicesPerSwitch };
    public Option<double> ChangeRate { get; } = new("--change-rate") { Description = "Share of changeable producers changing per minute.", DefaultValueFactory = _ => Defaults.Fleet.ChangeRate };
    public Option<double> FlapShare { get; } = new("--flap-share") { Description = "Share of changes that flap (4–7 bounces).", DefaultValueFactory = _ => Defaults.Fleet.FlapShare };
    public Option<double> Reboots { get; } = new("--reboots") { Description = "Reboots per switch per hour.", DefaultValueFactory = _ => Defaults.Fleet.RebootsPerSwitchHour };
    public Option<double> Dark { get; } = new("--dark") { Description = "Times per switch per hour a switch goes dark for 5 minutes.", DefaultValueFactory = _ => Defaults.Fleet.DarkPerSwitchHour };
    public Option<int> ReportSeconds { get; } = new("--report-interval") { Description = "Seconds between two reports of a producer.", DefaultValueFactory = _ => Defaults.Fleet.ReportIntervalSeconds };
    public Option<int> PeriodSeconds { get; } = new("--period") { Description = "Edge period (periodic write, heartbeat) and snapshot period, in seconds.", DefaultValueFactory = _ => Defaults.PeriodSeconds };
    public Option<int> Minutes { get; } = new("--minutes") { Description = "Simulated minutes counted (after the warm-up).", DefaultValueFactory = _ => (int)Defaults.Duration.TotalMinutes };
    public Option<int> WarmUpMinutes { get; } = new("--warmup") { Description = "Simulated minutes before counting starts.", DefaultValueFactory = _ => (int)Defaults.WarmUp.TotalMinutes };
    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the fleet.", DefaultValueFactory = _ => Defaults.Fleet.Seed };
    public Option<double> WriteRu { get; } = new("--write-ru-per-kb") { Description = "Cosmos write RU per started KB (5 with default indexing).", DefaultValueFactory = _ => new CosmosCostModel().WriteRuPerKb };
    public Option<bool> RuTable { get; } = new("--ru-table") { Description = "Price Cosmos reads and writes by Microsoft's item-size table (understand-request-unit-consumption) instead of per started KB." };
    public Option<string?> Out { get; } = new("--out") { Description = "Folder to write the results into (e.g. bench/results)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Servers, Switches, Devices, ChangeRate, FlapShare, Reboots, Dark, ReportSeconds, PeriodSeconds, Minutes, WarmUpMinutes, Seed, WriteRu, RuTable, Out })
        {
            command.Options.Add(option);
        }
    }

    public BenchSpec Spec(ParseResult parse, int? servers = null) => new()
    {
        Fleet = new FleetSpec
        {
            Servers = servers ?? parse.GetValue(Servers),
            SwitchesPerServer = parse.GetValue(Switches),
            DevicesPerSwitch = parse.GetValue(Devices),
            ChangeRate = parse.GetValue(ChangeRate),
            FlapShare = parse.GetValue(FlapShare),
            RebootsPerSwitchHour = parse.GetValue(Reboots),
            DarkPerSwitchHour = parse.GetValue(Dark),
            ReportInterval = TimeSpan.FromSeconds(parse.GetValue(ReportSeconds)),
            Seed = parse.GetValue(Seed),
        },
        Period = TimeSpan.FromSeconds(parse.GetValue(PeriodSeconds)),
        Duration = TimeSpan.FromMinutes(parse.GetValue(Minutes)),
        WarmUp = TimeSpan.FromMinutes(parse.GetValue(WarmUpMinutes)),
    };

    public CosmosCostModel Cost(ParseResult parse) => new() { WriteRuPerKb = parse.GetValue(WriteRu), SizeTable = parse.GetValue(RuTable) };
}
