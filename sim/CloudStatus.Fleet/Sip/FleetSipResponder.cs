using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CloudStatus.Fleet.Sip;

/// <summary>
/// The SIP side of one simulated server's phones and trunks: one UDP socket on loopback answers OPTIONS for every
/// device of the server, told apart by the Request-URI's user part (<c>sip:srv-01.sw-01.dev-001@127.0.0.1:port</c>),
/// with 200 OK while the model says the device answers (<see cref="FleetServer.SipStatusOf"/>), 503 Service Unavailable
/// while it is degraded, and silence otherwise,
/// as a phone that is unplugged or behind a dark switch would. Requests that are not well-formed are ignored and
/// counted; other methods get 405.
/// </summary>
public sealed class FleetSipResponder : IDisposable
{
    private readonly FleetServer _server;
    private readonly Socket _socket;
    private long _answered;
    private long _ignored;

    public FleetSipResponder(FleetServer server, IPAddress? address = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        _server = server;
        var bind = new IPEndPoint(address ?? IPAddress.Loopback, 0);
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1024 * 1024 };
        _socket.Bind(bind);
        EndPoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>OPTIONS answered (200 or 503).</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Datagrams ignored: malformed, or for a device that does not answer now.</summary>
    public long Ignored => Interlocked.Read(ref _ignored);

    /// <summary>The SIP URI a qualifier uses for <paramref name="producerId"/>.</summary>
    public string UriOf(string producerId) => $"sip:{producerId}@{EndPoint.Address}:{EndPoint.Port}";

    /// <summary>Answers until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[65_536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            var answer = Answer(buffer.AsSpan(0, received.ReceivedBytes));
            if (answer is null)
            {
                Interlocked.Increment(ref _ignored);
                continue;
            }

            try
            {
                await _socket.SendToAsync(answer, SocketFlags.None, received.RemoteEndPoint, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // The qualifier went away; its next request is answered as usual.
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private byte[]? Answer(ReadOnlySpan<byte> datagram)
    {
        var end = datagram.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return null;
        }

        var lines = Encoding.UTF8.GetString(datagram[..end]).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || requestLine[2] != "SIP/2.0" || !requestLine[1].StartsWith("sip:", StringComparison.Ordinal))
        {
            return null;
        }

        var at = requestLine[1].IndexOf('@', StringComparison.Ordinal);
        var user = at > 4 ? requestLine[1][4..at] : null;
        var copied = lines.Skip(1).Where(l => StartsWithAny(l, "Via:", "v:", "From:", "f:", "To:", "t:", "Call-ID:", "i:", "CSeq:")).ToList();
        if (!copied.Any(l => StartsWithAny(l, "Via:", "v:")) || !copied.Any(l => StartsWithAny(l, "Call-ID:", "i:")) || !copied.Any(l => l.StartsWith("CSeq:", StringComparison.Ordinal)))
        {
            return null;
        }

        int status;
        if (requestLine[0] != "OPTIONS")
        {
            status = 405;
        }
        else if (user is not null && _server.SipStatusOf(user) is { } answer)
        {
            status = answer;
            Interlocked.Increment(ref _answered);
        }
        else
        {
            return null;
        }

        var text = new StringBuilder(status switch
        {
            200 => "SIP/2.0 200 OK\r\n",
            503 => "SIP/2.0 503 Service Unavailable\r\n",
            _ => "SIP/2.0 405 Method Not Allowed\r\n",
        });
        foreach (var line in copied)
        {
            text.Append(line);
            if (StartsWithAny(line, "To:", "t:") && !line.Contains(";tag=", StringComparison.Ordinal))
            {
                text.Append(";tag=fleet");
            }

            text.Append("\r\n");
        }

        text.Append("Allow: OPTIONS\r\nContent-Length: 0\r\n\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static bool StartsWithAny(string line, params string[] prefixes) =>
        prefixes.Any(p => line.StartsWith(p, StringComparison.OrdinalIgnoreCase));
}
