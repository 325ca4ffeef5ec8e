using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Producers.Sip;

/// <summary>
/// Sends OPTIONS over one shared UDP socket and matches final responses to their requests by the top Via branch and
/// the Call-ID (RFC 3261 §17.1.3). Any final response — 2xx, or 4xx/5xx from an endpoint that refuses OPTIONS — is an
/// answer, as Asterisk's qualify treats it; provisional 1xx are waited past; silence until the timeout is a miss.
/// No thread per request: one receive loop (<see cref="ReceiveAsync"/>) completes the waiting requests.
/// </summary>
internal sealed class SipQualifier(TimeProvider timeProvider, ILogger<SipQualifier> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private Socket? _socket;
    private IPEndPoint? _local;
    private long _badDatagrams;
    private long _strayResponses;
    private long _cseq;

    /// <summary>Datagrams that were not a well-formed SIP response (ignored).</summary>
    public long BadDatagrams => Interlocked.Read(ref _badDatagrams);

    /// <summary>Well-formed responses that matched no request in flight (late, duplicated or forged; ignored).</summary>
    public long StrayResponses => Interlocked.Read(ref _strayResponses);

    public int InFlight => _pending.Count;

    public IPEndPoint LocalEndPoint => _local ?? throw new InvalidOperationException("The qualifier is not bound.");

    /// <summary>Opens and binds the shared socket; returns the bound endpoint.</summary>
    public IPEndPoint Bind(IPEndPoint localEndPoint)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        if (_socket is not null)
        {
            throw new InvalidOperationException("The qualifier is already bound.");
        }

        var socket = new Socket(localEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Room for the answers to a paced burst (the kernel caps it at net.core.rmem_max).
            socket.ReceiveBufferSize = 1024 * 1024;
            socket.Bind(localEndPoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        _local = (IPEndPoint)socket.LocalEndPoint!;
        return _local;
    }

    /// <summary>Reads datagrams until cancelled, completing the requests they answer. Never throws on bad input.</summary>
    public async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var socket = _socket ?? throw new InvalidOperationException("The qualifier is not bound.");
        var buffer = new byte[SipResponseParser.MaxDatagramBytes + 1];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return; // disposed at shutdown
            }
            catch (SocketException ex)
            {
                // An ICMP error for an earlier send can surface here on some platforms; the socket stays usable.
                Log.SipReceiveFailed(logger, ex.SocketErrorCode);
                continue;
            }

            Dispatch(buffer.AsSpan(0, received.ReceivedBytes), timeProvider.GetTimestamp());
        }
    }

    /// <summary>Sends one OPTIONS to <paramref name="target"/> and waits for its final response or the timeout.</summary>
    public async Task<SipQualifyResult> QualifyAsync(SipUri target, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        var socket = _socket ?? throw new InvalidOperationException("The qualifier is not bound.");
        var branch = SipOptionsRequest.BranchCookie + NewToken(12);
        var callId = NewToken(16) + "@cloudstatus";
        var cseq = Interlocked.Increment(ref _cseq) % uint.MaxValue;
        var localHost = _local!.Address.Equals(IPAddress.Any) || _local.Address.Equals(IPAddress.IPv6Any)
            ? SourceAddressFor(target.Host)
            : _local.Address.ToString();
        var request = SipOptionsRequest.Build(target, localHost, _local.Port, branch, NewToken(8), callId, cseq);

        var pending = new Pending(callId, new TaskCompletionSource<(int Status, long At)>(TaskCreationOptions.RunContinuationsAsynchronously));
        _pending[branch] = pending;
        // The timeout starts before the send, so an answer can never beat the clock that judges it.
        using var timer = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            var started = timeProvider.GetTimestamp();
            await socket.SendToAsync(request, SocketFlags.None, target.EndPoint, linked.Token).ConfigureAwait(false);
            var (status, at) = await pending.Answer.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            return SipQualifyResult.Answer(status, timeProvider.GetElapsedTime(started, at));
        }
        catch (SocketException ex)
        {
            return SipQualifyResult.Missed("send failed: " + ex.SocketErrorCode);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SipQualifyResult.Missed($"no answer within {timeout.TotalMilliseconds:0} ms");
        }
        finally
        {
            _pending.TryRemove(branch, out _);
        }
    }

    public void Dispose() => _socket?.Dispose();

    private void Dispatch(ReadOnlySpan<byte> datagram, long receivedAt)
    {
        if (!SipResponseParser.TryParse(datagram, out var response))
        {
            Interlocked.Increment(ref _badDatagrams);
            return;
        }

        if (!_pending.TryGetValue(response.Branch, out var pending)
            || !string.Equals(pending.CallId, response.CallId, StringComparison.Ordinal)
            || !string.Equals(response.CSeqMethod, "OPTIONS", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _strayResponses);
            return;
        }

        if (response.StatusCode >= 200)
        {
            pending.Answer.TrySetResult((response.StatusCode, receivedAt));
        }
    }

    private static string SourceAddressFor(IPAddress destination)
    {
        // Bound to any: name the address the kernel would send from, so the Via and Contact are routable back.
        using var probe = new Socket(destination.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            probe.Connect(destination, 9);
            return ((IPEndPoint)probe.LocalEndPoint!).Address.ToString();
        }
        catch (SocketException)
        {
            return destination.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback.ToString() : IPAddress.Loopback.ToString();
        }
    }

    private static string NewToken(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    private sealed record Pending(string CallId, TaskCompletionSource<(int Status, long At)> Answer);
}
