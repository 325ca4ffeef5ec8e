using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CloudStatus.Edge.Tests.Support;

/// <summary>
/// A small SIP UAS on a loopback UDP port for the qualifier's tests: answers OPTIONS with the status
/// <see cref="Answer"/> gives for the Request-URI's user part (null: stays silent), copying Via, From, Call-ID and
/// CSeq back as RFC 3261 §8.2.6 says, and records every request it received with its arrival time.
/// </summary>
internal sealed class LoopbackSipUas : IAsyncDisposable
{
    private readonly UdpClient _udp;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <param name="address">A loopback address (127.0.0.1 unless given).</param>
    /// <param name="port">0 for any free port.</param>
    public LoopbackSipUas(IPAddress? address = null, int port = 0)
    {
        _udp = new(new IPEndPoint(address ?? IPAddress.Loopback, port));
        _loop = Task.Run(RunAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    /// <summary>The final status to answer for a user part, or null for silence.</summary>
    public Func<string, int?> Answer { get; set; } = _ => 200;

    /// <summary>Send a 100 Trying this long before the final answer (null: no provisional).</summary>
    public TimeSpan? ProvisionalFirst { get; set; }

    /// <summary>Rewrites the response before it is sent (to forge or garble it).</summary>
    public Func<string, string> Tamper { get; set; } = r => r;

    public ConcurrentQueue<(string Request, long At)> Requests { get; } = new();

    public string Uri(string user) => $"sip:{user}@{EndPoint.Address}:{EndPoint.Port}";

    public Task SendRawAsync(byte[] datagram, IPEndPoint to) => _udp.SendAsync(datagram, to).AsTask();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _udp.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var received = await _udp.ReceiveAsync(_stop.Token);
            var request = Encoding.UTF8.GetString(received.Buffer);
            Requests.Enqueue((request, TimeProvider.System.GetTimestamp()));
            var lines = request.Split("\r\n");
            var user = lines[0].Split(' ')[1].Split('@')[0]["sip:".Length..];
            if (Answer(user) is not { } status)
            {
                continue;
            }

            if (ProvisionalFirst is { } delay)
            {
                await SendAsync(Response(lines, 100), received.RemoteEndPoint);
                await Task.Delay(delay, _stop.Token);
            }

            await SendAsync(Tamper(Response(lines, status)), received.RemoteEndPoint);
        }
    }

    private Task SendAsync(string response, IPEndPoint to) => _udp.SendAsync(Encoding.UTF8.GetBytes(response), to).AsTask();

    private static string Response(string[] requestLines, int status)
    {
        var text = new StringBuilder($"SIP/2.0 {status} {(status == 200 ? "OK" : "Whatever")}\r\n");
        foreach (var line in requestLines.Skip(1))
        {
            if (line.StartsWith("Via:", StringComparison.Ordinal) || line.StartsWith("From:", StringComparison.Ordinal)
                || line.StartsWith("Call-ID:", StringComparison.Ordinal) || line.StartsWith("CSeq:", StringComparison.Ordinal))
            {
                text.Append(line).Append("\r\n");
            }
            else if (line.StartsWith("To:", StringComparison.Ordinal))
            {
                text.Append(line).Append(";tag=uas1\r\n");
            }
        }

        return text.Append("Allow: INVITE, ACK, CANCEL, OPTIONS, BYE\r\nContent-Length: 0\r\n\r\n").ToString();
    }
}
