using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace CloudStatus.Dev.Cli;

/// <summary>The command line of the local stack: parses and validates options, then hands them to <see cref="DevStack"/>.</summary>
internal static class DevCommand
{
    public static RootCommand Create(Func<DevStackOptions, CancellationToken, Task<int>> run)
    {
        var defaults = new DevStackOptions();
        var urls = new Option<string>("--urls") { Description = "Where the API and dashboard listen.", DefaultValueFactory = _ => defaults.Urls };
        var servers = new Option<int>("--servers") { Description = "Simulated local servers.", DefaultValueFactory = _ => defaults.Servers };
        var tenants = new Option<int>("--tenants") { Description = "Tenants the sites are spread over.", DefaultValueFactory = _ => defaults.Tenants };
        var switches = new Option<int>("--switches") { Description = "Switches per server.", DefaultValueFactory = _ => defaults.Switches };
        var devices = new Option<int>("--devices") { Description = "Devices per switch.", DefaultValueFactory = _ => defaults.Devices };
        var period = Duration("--period", "Periodic propagation period (e.g. 30s).", defaults.Period);
        var timeout = Duration("--heartbeat-timeout", "Silence after which central marks a server offline (e.g. 2m).", defaults.HeartbeatTimeout);
        var changeRate = new Option<double>("--change-rate") { Description = "Share of producers changing per minute (0–1).", DefaultValueFactory = _ => defaults.ChangeRate };
        var devToken = new Option<string?>("--dev-token") { Description = "Bearer token the API accepts; generated and printed when omitted." };
        var dataDir = new Option<string>("--data-dir") { Description = "Where heaps and the central store are kept.", DefaultValueFactory = _ => defaults.DataDirectory };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated fleet.", DefaultValueFactory = _ => defaults.Seed };

        servers.Validators.Add(r => RequireRange(r, r.GetValueOrDefault<int>(), 1, 1000));
        switches.Validators.Add(r => RequireRange(r, r.GetValueOrDefault<int>(), 1, 500));
        tenants.Validators.Add(r => RequireRange(r, r.GetValueOrDefault<int>(), 1, 100));
        devices.Validators.Add(r => RequireRange(r, r.GetValueOrDefault<int>(), 0, 1000));
        changeRate.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<double>();
            if (v is < 0 or > 1 || double.IsNaN(v))
            {
                r.AddError("--change-rate must be between 0 and 1.");
            }
        });

        var sipPhones = new Option<bool>("--sip-phones") { Description = "Phones and trunks answer SIP OPTIONS on loopback and the edge nodes qualify them (default; --sip-phones false: the element manager pushes them).", DefaultValueFactory = _ => defaults.SipPhones };
        var sipInterval = Duration("--sip-interval", "How often each phone is qualified (e.g. 2s; stretched for a large fleet).", defaults.SipInterval);
        var pairs = new Option<bool>("--pairs") { Description = "The two servers of each site run as a duplexed pair, each the other's failover peer (ADR 120)." };
        var supervised = new Option<int>("--supervised-servers")
        {
            Description = "How many servers (the first ones) supervise real child processes (Node.js) in two tenant groups.",
            DefaultValueFactory = _ => 1,
        };
        supervised.Validators.Add(r => RequireRange(r, r.GetValueOrDefault<int>(), 0, 1000));
        var root = new RootCommand("CloudStatus local stack: central API, a dev IoT hub and a simulated fleet in one process.")
        {
            urls, servers, tenants, switches, devices, period, timeout, changeRate, devToken, dataDir, seed, sipPhones, sipInterval, supervised, pairs,
        };
        root.SetAction((parse, ct) => run(
            new DevStackOptions
            {
                Urls = parse.GetValue(urls)!,
                Servers = parse.GetValue(servers),
                Tenants = parse.GetValue(tenants),
                Switches = parse.GetValue(switches),
                Devices = parse.GetValue(devices),
                Period = parse.GetValue(period),
                HeartbeatTimeout = parse.GetValue(timeout),
                ChangeRate = parse.GetValue(changeRate),
                DevToken = parse.GetValue(devToken),
                DataDirectory = parse.GetValue(dataDir)!,
                Seed = parse.GetValue(seed),
                SipPhones = parse.GetValue(sipPhones),
                SipInterval = parse.GetValue(sipInterval),
                SupervisedServers = parse.GetValue(supervised),
                Pairs = parse.GetValue(pairs),
            },
            ct));
        return root;
    }

    private static Option<TimeSpan> Duration(string name, string description, TimeSpan defaultValue)
    {
        return new Option<TimeSpan>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
                if (DurationParser.TryParse(text, out var value) && value > TimeSpan.Zero)
                {
                    return value;
                }

                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} expects a positive duration such as 500ms, 30s, 2m or 1h; got '{text}'."));
                return default;
            },
        };
    }

    private static void RequireRange(OptionResult result, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"{result.Option.Name} must be between {min} and {max}."));
        }
    }
}
