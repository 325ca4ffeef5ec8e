using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace CloudStatus.Edge.Producers.Reachability;

/// <summary>
/// TCP connect and ICMP echo checks. ICMP uses <see cref="Ping"/>, which on Linux needs raw sockets (root or
/// CAP_NET_RAW), an unprivileged ICMP socket (<c>net.ipv4.ping_group_range</c> covering the process's group) or the
/// <c>ping</c> binary; whether it works is found out once, by an echo to loopback, and where it does not an icmp
/// target is checked by TCP connect and says so in its method.
/// </summary>
internal sealed class ReachabilityProber
{
    private readonly TimeProvider _time;
    private readonly Lazy<Task<string?>> _icmpUnavailable;

    public ReachabilityProber(TimeProvider timeProvider)
        : this(timeProvider, ProbeIcmpAsync)
    {
    }

    /// <param name="probeIcmp">Finds out whether ICMP echo works here (null) or why not; the real probe echoes loopback.</param>
    internal ReachabilityProber(TimeProvider timeProvider, Func<Task<string?>> probeIcmp)
    {
        _time = timeProvider;
        _icmpUnavailable = new(probeIcmp, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Null when ICMP echo works here, else why not.</summary>
    public Task<string?> IcmpUnavailableReasonAsync() => _icmpUnavailable.Value;

    public async Task<ReachabilityResult> CheckAsync(ReachabilityTarget target, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var address = IPAddress.Parse(target.Address);
        if (target.Method == ReachabilityMethod.Icmp)
        {
            var unavailable = await IcmpUnavailableReasonAsync().ConfigureAwait(false);
            if (unavailable is null)
            {
                return await EchoAsync(address, timeout, cancellationToken).ConfigureAwait(false);
            }

            if (target.Port == 0)
            {
                return new ReachabilityResult(false, "icmp", TimeSpan.Zero, $"ICMP echo is not available here ({unavailable}) and no TCP port is configured");
            }

            var tcp = await ConnectAsync(address, target.Port, timeout, cancellationToken).ConfigureAwait(false);
            return tcp with { Method = "tcp (icmp unavailable)" };
        }

        return await ConnectAsync(address, target.Port, timeout, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ReachabilityResult> ConnectAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timer = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        var started = _time.GetTimestamp();
        try
        {
            await socket.ConnectAsync(address, port, linked.Token).ConfigureAwait(false);
            return new ReachabilityResult(true, "tcp", _time.GetElapsedTime(started), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ReachabilityResult(false, "tcp", TimeSpan.Zero, $"TCP connect to port {port} not answered within {timeout.TotalMilliseconds:0} ms");
        }
        catch (SocketException ex)
        {
            var why = ex.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "refused",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => "unreachable",
                SocketError.TimedOut => "timed out",
                _ => ex.SocketErrorCode.ToString(),
            };
            return new ReachabilityResult(false, "tcp", TimeSpan.Zero, $"TCP connect to port {port} {why}");
        }
    }

    private static async Task<ReachabilityResult> EchoAsync(IPAddress address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var ping = new Ping();
        try
        {
            var reply = await ping.SendPingAsync(address, timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
            return reply.Status == IPStatus.Success
                ? new ReachabilityResult(true, "icmp", TimeSpan.FromMilliseconds(reply.RoundtripTime), null)
                : new ReachabilityResult(false, "icmp", TimeSpan.Zero, "ICMP echo: " + reply.Status);
        }
        catch (PingException ex)
        {
            return new ReachabilityResult(false, "icmp", TimeSpan.Zero, "ICMP echo failed: " + (ex.InnerException?.Message ?? ex.Message));
        }
    }

    private static async Task<string?> ProbeIcmpAsync()
    {
        try
        {
            using var ping = new Ping();
            var reply = await ping.SendPingAsync(IPAddress.Loopback, TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            return reply.Status == IPStatus.Success ? null : "echo to loopback: " + reply.Status;
        }
        catch (Exception ex) when (ex is PingException or PlatformNotSupportedException or UnauthorizedAccessException or SocketException)
        {
            return (ex.InnerException ?? ex).Message;
        }
    }
}
