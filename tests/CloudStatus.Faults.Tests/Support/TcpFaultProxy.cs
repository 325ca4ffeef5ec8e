using System.Net;
using System.Net.Sockets;

namespace CloudStatus.Faults.Tests.Support;

/// <summary>
/// A TCP forwarder on loopback in front of a service (Azurite's Table service). <see cref="Down"/> severs every open
/// connection and refuses new ones (accepted, then closed at once) until <see cref="Up"/>: the service is down as
/// its clients see it.
/// </summary>
internal sealed class TcpFaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private volatile bool _down;
    private int _refused;

    public TcpFaultProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync(_stop.Token);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections refused or severed while down.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public void Down()
    {
        _down = true;
        lock (_lock)
        {
            foreach (var client in _open)
            {
                Interlocked.Increment(ref _refused);
                client.Close();
            }

            _open.Clear();
        }
    }

    public void Up() => _down = false;

    private async Task AcceptAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (_down)
            {
                Interlocked.Increment(ref _refused);
                client.Close();
                continue;
            }

            _ = ForwardAsync(client, cancellationToken);
        }
    }

    private async Task ForwardAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using var target = new TcpClient();
        lock (_lock)
        {
            _open.Add(client);
            _open.Add(target);
        }

        try
        {
            await target.ConnectAsync(IPAddress.Loopback, _targetPort, cancellationToken);
            var a = client.GetStream();
            var b = target.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, cancellationToken), b.CopyToAsync(a, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Severed by Down() or by either side: the client sees a broken connection.
        }
        finally
        {
            lock (_lock)
            {
                _open.Remove(client);
                _open.Remove(target);
            }

            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Down();
        _stop.Dispose();
    }
}
