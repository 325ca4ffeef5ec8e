using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Hosting;
using CloudStatus.Edge.Transport;
using CloudStatus.Fleet;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloudStatus.Edge.Tests.Support;

/// <summary>
/// An edge node composed with simulated equipment the way the dev stack composes them: the fleet reports to the node's
/// public intake and is the node's producer control. <see cref="StartAsync"/> starts the node, then every producer
/// reports (as equipment does when its server comes up).
/// </summary>
internal sealed class FleetNode : IAsyncDisposable
{
    /// <summary>Two switches of three devices; nothing happens by chance, no periodic report lands within a test.</summary>
    public static readonly FleetSpec QuietSpec = new()
    {
        Servers = 1,
        SwitchesPerServer = 2,
        DevicesPerSwitch = 3,
        ChangeRate = 0,
        RebootsPerSwitchHour = 0,
        DarkPerSwitchHour = 0,
        RebootDuration = TimeSpan.FromSeconds(1),
        ReportInterval = TimeSpan.FromHours(1),
        ReportConnectivity = true,
    };

    public FleetNode(EdgeNodeOptions options, IUpstreamTransport transport, TimeProvider timeProvider, FleetSpec? spec = null)
    {
        Fleet = new FleetModel(spec ?? QuietSpec, new IntakeFleetOutput(_ => Node?.Intake), _ => options.ServerId);
        Node = new EdgeNode(options, transport, timeProvider, NullLoggerFactory.Instance, Equipment);
    }

    public EdgeNode Node { get; }

    public FleetModel Fleet { get; }

    public FleetServer Equipment => Fleet.Servers[0];

    public async Task StartAsync()
    {
        await Node.StartAsync();
        Equipment.PublishAll();
    }

    public ValueTask DisposeAsync() => Node.DisposeAsync();
}
