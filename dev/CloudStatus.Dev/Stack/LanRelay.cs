using System.Net;
using System.Net.Sockets;

namespace CloudStatus.Dev.Stack;

/// <summary>
/// The site LAN in front of one simulated server's peer interface (docs/adr/0170): a TCP relay on the server's LAN
/// address (the one its registration names, so peers reach it only through here) to wherever its peer interface
/// listens now. Cut, it is a dead switch port: connections being carried go dead and new ones are taken but never
/// carried, so a peer's client times out as it would on a real LAN; mended, it carries again. The uplink to central
/// does not pass through it. Dev stack only.
/// </summary>
internal sealed class LanRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private CancellationTokenSource _carrying = new();
    private CancellationTokenSource? _cut;
    private Task? _accepting;

    private LanRelay(TcpListener listener)
    {
        _listener = listener;
        var bound = (IPEndPoint)listener.LocalEndpoint;
        Address = $"{bound.Address}:{bound.Port}";
    }

    /// <summary><c>127.0.0.1:port</c>: the server's LAN address, held from the start so no one else can take the port.</summary>
    public string Address { get; }

    /// <summary>Where the peer interface listens now (<c>host:port</c>); null while the server is stopped.</summary>
    public Func<string?> Target { get; set; } = () => null;

    /// <summary>Listens on a free loopback port and carries what arrives.</summary>
    public static LanRelay Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var relay = new LanRelay(listener);
        relay._accepting = relay.AcceptAsync(relay._stop.Token);
        return relay;
    }

    /// <summary>Cuts the LAN here (idempotent): what it carries now goes dead, what comes next is held unanswered.</summary>
    public void Cut()
    {
        CancellationTokenSource carrying;
        lock (_lock)
        {
            if (_cut is not null)
            {
                return;
            }

            _cut = new CancellationTokenSource();
            carrying = _carrying;
            _carrying = new CancellationTokenSource();
        }

        carrying.Cancel();
        carrying.Dispose();
    }

    /// <summary>Mends the LAN (idempotent); connections held while it was cut are closed, their callers long gone.</summary>
    public void Mend()
    {
        CancellationTokenSource? cut;
        lock (_lock)
        {
            cut = _cut;
            _cut = null;
        }

        cut?.Cancel();
        cut?.Dispose();
    }

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient caller;
            try
            {
                caller = await _listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = CarryAsync(caller, cancellationToken);
        }
    }

    private async Task CarryAsync(TcpClient caller, CancellationToken cancellationToken)
    {
        using (caller)
        {
            CancellationToken held;
            CancellationToken carrying;
            lock (_lock)
            {
                held = _cut?.Token ?? default;
                carrying = _carrying.Token;
            }

            try
            {
                if (held.CanBeCanceled)
                {
                    using var heldOrStopped = CancellationTokenSource.CreateLinkedTokenSource(held, cancellationToken);
                    await Task.Delay(Timeout.InfiniteTimeSpan, heldOrStopped.Token).ConfigureAwait(false);
                    return;
                }

                if (Target() is not { } target)
                {
                    return; // nothing listens behind this port: the caller sees the connection closed
                }

                using var pipe = CancellationTokenSource.CreateLinkedTokenSource(carrying, cancellationToken);
                using var peer = new TcpClient();
                await peer.ConnectAsync(IPEndPoint.Parse(target), pipe.Token).ConfigureAwait(false);
                var a = caller.GetStream();
                var b = peer.GetStream();
                await Task.WhenAny(a.CopyToAsync(b, pipe.Token), b.CopyToAsync(a, pipe.Token)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // Cut, stopped, or either side went away: the connection ends, as on a LAN.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_accepting is not null)
        {
            await _accepting.ConfigureAwait(false);
        }

        Mend();
        lock (_lock)
        {
            _carrying.Cancel();
            _carrying.Dispose();
        }

        _stop.Dispose();
    }
}
