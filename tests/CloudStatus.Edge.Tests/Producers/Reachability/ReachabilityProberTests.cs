using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers.Reachability;

namespace CloudStatus.Edge.Tests.Producers.Reachability;

/// <summary>TCP connect against a real loopback listener and a closed port; ICMP echo to 127.0.0.1 where this machine allows it.</summary>
public sealed class ReachabilityProberTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ReachabilityProber _prober = new(TimeProvider.System);

    public ReachabilityProberTests() => _listener.Start();

    private int OpenPort => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task CheckAsync_TcpListenerAnswers_OnlineWithRtt()
    {
        var result = await _prober.CheckAsync(Target(ReachabilityMethod.Tcp, OpenPort), Timeout);

        Assert.True(result.Reached, result.Reason);
        Assert.Equal("tcp", result.Method);
        var o = ReachabilityService.ToObservation(Target(ReachabilityMethod.Tcp, OpenPort), result);
        Assert.Equal(Health.Online, o.Health);
        using var state = JsonDocument.Parse(o.State!);
        Assert.True(state.RootElement.GetProperty("rttMs").GetDouble() >= 0);
    }

    [Fact]
    public async Task CheckAsync_ClosedPort_OfflineWithTheReason()
    {
        var closed = ClosedPort();

        var result = await _prober.CheckAsync(Target(ReachabilityMethod.Tcp, closed), Timeout);

        Assert.False(result.Reached);
        Assert.Equal($"TCP connect to port {closed} refused", result.Reason);
        var o = ReachabilityService.ToObservation(Target(ReachabilityMethod.Tcp, closed), result);
        Assert.Equal(Health.Offline, o.Health);
        using var state = JsonDocument.Parse(o.State!);
        Assert.Equal($"TCP connect to port {closed} refused", state.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task CheckAsync_Icmp_EchoWhereAllowedElseTcpFallbackThatSaysSo()
    {
        var unavailable = await _prober.IcmpUnavailableReasonAsync();

        var result = await _prober.CheckAsync(Target(ReachabilityMethod.Icmp, OpenPort), Timeout);

        Assert.True(result.Reached, result.Reason);
        Assert.Equal(unavailable is null ? "icmp" : "tcp (icmp unavailable)", result.Method);
    }

    [Fact]
    public async Task CheckAsync_IcmpUnavailableAndNoPort_OfflineSayingWhy()
    {
        if (await _prober.IcmpUnavailableReasonAsync() is null)
        {
            // Echo works on this machine (root or ping_group_range), so the fallback path cannot be reached here;
            // an echo to loopback must then succeed without any port.
            Assert.True((await _prober.CheckAsync(Target(ReachabilityMethod.Icmp, 0), Timeout)).Reached);
            return;
        }

        var result = await _prober.CheckAsync(Target(ReachabilityMethod.Icmp, 0), Timeout);

        Assert.False(result.Reached);
        Assert.Contains("ICMP echo is not available here", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_IcmpNotPermittedHere_FallsBackToTcpAndSaysSo()
    {
        // The probe is the one seam: whether this machine allows ICMP cannot be changed from a test (it runs as root here).
        var prober = new ReachabilityProber(TimeProvider.System, () => Task.FromResult<string?>("Operation not permitted"));

        var open = await prober.CheckAsync(Target(ReachabilityMethod.Icmp, OpenPort), Timeout);
        var closed = await prober.CheckAsync(Target(ReachabilityMethod.Icmp, ClosedPort()), Timeout);
        var noPort = await prober.CheckAsync(Target(ReachabilityMethod.Icmp, 0), Timeout);

        Assert.Equal((true, "tcp (icmp unavailable)"), (open.Reached, open.Method));
        Assert.Equal((false, "tcp (icmp unavailable)"), (closed.Reached, closed.Method));
        Assert.Contains("refused", closed.Reason, StringComparison.Ordinal);
        Assert.False(noPort.Reached);
        Assert.Equal("ICMP echo is not available here (Operation not permitted) and no TCP port is configured", noPort.Reason);
    }

    [Fact]
    public void Validate_TcpWithoutPortAndBadAddress_Refused()
    {
        var options = new ReachabilityOptions
        {
            Targets = [new ReachabilityTarget { ProducerId = "p", Kind = "switch", Address = "switch.example", Method = ReachabilityMethod.Tcp }],
        };

        var errors = options.Validate().ToList();

        Assert.Contains(errors, e => e.Contains("Targets:0:Address", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Targets:0:Port", StringComparison.Ordinal));
    }

    private static ReachabilityTarget Target(ReachabilityMethod method, int port) =>
        new() { ProducerId = "srv-01.sw-01", Kind = ProducerKind.Switch, ParentId = "srv-01", Address = "127.0.0.1", Method = method, Port = port };

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
