using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CloudStatus.Edge.Producers.Supervision;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// The supervision section of a dev server (issue 12): three real child processes (<c>sim-process.js</c> run by Node.js,
/// each an HTTP listener on its own loopback port) in two tenant groups — <c>db</c> first, then <c>pbx</c> of the server's
/// own tenant and <c>acd</c> of a guest tenant, both depending on it. Monitored every 500 ms, restarted after 0.5 s doubling
/// up to 5 s, no longer restarted after 5 crashes within a minute.
/// </summary>
internal static class DevSupervision
{
    public const string OwnGroup = "core";
    public const string GuestGroup = "guest";

    /// <summary>The script every dev process runs (copied next to the dev stack's assembly).</summary>
    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Stack", "sim-process.js");

    /// <summary>The section and each process's port, by process id.</summary>
    public static (SupervisionOptions Options, IReadOnlyDictionary<string, int> Ports) For(string tenant, string guestTenant)
    {
        var ports = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["db"] = FreePort(),
            ["pbx"] = FreePort(),
            ["acd"] = FreePort(),
        };
        var options = new SupervisionOptions
        {
            Groups =
            {
                [OwnGroup] = new SupervisionGroupOptions { Tenant = tenant },
                [GuestGroup] = new SupervisionGroupOptions { Tenant = guestTenant },
            },
            InitialBackoff = TimeSpan.FromMilliseconds(500),
            MaxBackoff = TimeSpan.FromSeconds(5),
            CrashLoopLimit = 5,
            CrashLoopWindow = TimeSpan.FromMinutes(1),
            StopTimeout = TimeSpan.FromSeconds(2),
        };
        options.Processes["db"] = Process(OwnGroup, ports["db"], "db", priority: 0);
        options.Processes["pbx"] = Process(OwnGroup, ports["pbx"], "pbx", priority: 1, "db");
        options.Processes["acd"] = Process(GuestGroup, ports["acd"], "acd", priority: 2, "db");
        return (options, ports);
    }

    private static SupervisedProcessOptions Process(string group, int port, string name, int priority, params string[] dependsOn) => new()
    {
        Group = group,
        Priority = priority,
        DependsOn = [.. dependsOn],
        Frequency = TimeSpan.FromMilliseconds(500),
        Probe = new ProcessProbeOptions
        {
            Kind = ProcessProbeKinds.Http,
            Url = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")),
            Timeout = TimeSpan.FromMilliseconds(400),
        },
        Start = ["node", ScriptPath, port.ToString(CultureInfo.InvariantCulture), name],
        StartTimeout = TimeSpan.FromSeconds(10),
        FailuresBeforeRestart = 3,
    };

    /// <summary>A loopback port free right now (the OS picks it; the process binds it a moment later).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
