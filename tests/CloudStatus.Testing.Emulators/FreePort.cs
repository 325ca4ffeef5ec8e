using System.Net;
using System.Net.Sockets;

namespace CloudStatus.Testing.Emulators;

/// <summary>A loopback port nobody listens on right now (the OS picks it); a caller that loses the race retries.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
