using System.Net;
using System.Net.Sockets;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers.Reachability;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Tests.Producers.Reachability;

/// <summary>A reachability round against loopback: a listening port and a closed one.</summary>
public sealed class ReachabilityServiceTests : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly RecordingIntake _intake = new();

    public ReachabilityServiceTests() => _listener.Start();

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task RunRoundAsync_OpenAndClosedPorts_EachPostedOnlineOrOfflineWithReason()
    {
        int closed;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closed = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var options = new ReachabilityOptions
        {
            Interval = TimeSpan.FromSeconds(30),
            Timeout = TimeSpan.FromSeconds(5),
            MaxConcurrency = 2,
            Targets =
            [
                new ReachabilityTarget { ProducerId = "srv-01.sw-01", Kind = ProducerKind.Switch, ParentId = "srv-01", Address = "127.0.0.1", Port = ((IPEndPoint)_listener.LocalEndpoint).Port },
                new ReachabilityTarget { ProducerId = "srv-01.sw-02", Kind = ProducerKind.Switch, ParentId = "srv-01", Address = "127.0.0.1", Port = closed },
                new ReachabilityTarget { ProducerId = "srv-01.sw-03", Kind = ProducerKind.Switch, ParentId = "srv-01", Address = "127.0.0.1", Port = closed },
            ],
        };
        Assert.Empty(options.Validate());
        var service = new ReachabilityService(
            new ReachabilityProber(TimeProvider.System), _intake, Options.Create(options), TimeProvider.System,
            NullLogger<ReachabilityService>.Instance, new LoopHeartbeats(TimeProvider.System));

        await service.RunRoundAsync(CancellationToken.None);

        var byId = _intake.Observations.ToDictionary(o => o.ProducerId);
        Assert.Equal(3, byId.Count);
        Assert.Equal(Health.Online, byId["srv-01.sw-01"].Health);
        Assert.Equal(Health.Offline, byId["srv-01.sw-02"].Health);
        Assert.Contains($"TCP connect to port {closed} refused", byId["srv-01.sw-03"].State, StringComparison.Ordinal);
    }
}
