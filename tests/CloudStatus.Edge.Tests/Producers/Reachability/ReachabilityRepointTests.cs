using System.Net;
using System.Net.Sockets;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers.Reachability;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Hosting.Loops;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CloudStatus.Edge.Tests.Producers.Reachability;

/// <summary>
/// A device's IP moved (central's <c>address</c> method, docs/adr/0150): the reachability loop checks the new IP from
/// its next round. A real TCP listener on 127.0.0.2; nothing listens on that port at 127.0.0.1, the old address.
/// </summary>
public sealed class ReachabilityRepointTests : IDisposable
{
    private readonly TcpListener _moved = new(IPAddress.Parse("127.0.0.2"), 0);
    private readonly RecordingIntake _intake = new();

    public ReachabilityRepointTests() => _moved.Start();

    private int Port => ((IPEndPoint)_moved.LocalEndpoint).Port;

    public void Dispose() => _moved.Dispose();

    [Fact]
    public async Task Repoint_TcpTarget_OfflineAtTheOldIpOnlineAtTheNewOne()
    {
        var service = Service(TcpTarget("srv-01.sw-01", "127.0.0.1", Port), TcpTarget("srv-01.sw-02", "127.0.0.3", Port));
        await service.RunRoundAsync(CancellationToken.None);

        Assert.Equal(0, service.Repoint("srv-01.sw-01", "127.0.0.9", "127.0.0.2"));
        Assert.Equal(0, service.Repoint("srv-01.sw-02", "127.0.0.1", "127.0.0.2"));
        Assert.Equal(1, service.Repoint("srv-01.sw-01", "127.0.0.1", "127.0.0.2"));
        await service.RunRoundAsync(CancellationToken.None);

        var moved = _intake.Observations.Where(o => o.ProducerId == "srv-01.sw-01").ToList();
        Assert.Equal([Health.Offline, Health.Online], moved.Select(o => o.Health));
        Assert.All(_intake.Observations.Where(o => o.ProducerId == "srv-01.sw-02"), o => Assert.Equal(Health.Offline, o.Health));
    }

    /// <remarks>
    /// An echo reaches 127.0.0.1 as well as 127.0.0.2, so this test tells the addresses apart through the icmp
    /// target's TCP fallback: the prober is told ICMP is unavailable (the one stand-in here), and the fallback port only
    /// listens at the new address. Method and port survive the move.
    /// </remarks>
    [Fact]
    public async Task Repoint_IcmpTarget_MovesWithItsMethodAndFallbackPort()
    {
        var service = Service(new ReachabilityTarget
        {
            ProducerId = "srv-01.cam-01", Kind = ProducerKind.Device, ParentId = "srv-01", Address = "127.0.0.1", Method = ReachabilityMethod.Icmp, Port = Port,
        });
        await service.RunRoundAsync(CancellationToken.None);

        Assert.Equal(1, service.Repoint("srv-01.cam-01", "127.0.0.1", "127.0.0.2"));
        await service.RunRoundAsync(CancellationToken.None);

        Assert.Equal([Health.Offline, Health.Online], _intake.Observations.Select(o => o.Health));
        Assert.Contains("\"method\":\"tcp (icmp unavailable)\"", _intake.Observations[^1].State, StringComparison.Ordinal);
    }

    private static ReachabilityTarget TcpTarget(string producerId, string address, int port) =>
        new() { ProducerId = producerId, Kind = ProducerKind.Switch, ParentId = "srv-01", Address = address, Method = ReachabilityMethod.Tcp, Port = port };

    private ReachabilityService Service(params ReachabilityTarget[] targets)
    {
        var options = new ReachabilityOptions { Interval = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromSeconds(5), Targets = [.. targets] };
        Assert.Empty(options.Validate());
        return new ReachabilityService(
            new ReachabilityProber(TimeProvider.System, () => Task.FromResult<string?>("not used by this test")), _intake, Options.Create(options),
            TimeProvider.System, NullLogger<ReachabilityService>.Instance, new LoopHeartbeats(TimeProvider.System));
    }
}
