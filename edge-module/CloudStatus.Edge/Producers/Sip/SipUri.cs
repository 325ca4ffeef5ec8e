using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace CloudStatus.Edge.Producers.Sip;

/// <summary>
/// A <c>sip:[user@]host[:port]</c> address with a literal IP host (no DNS: equipment is addressed by IP on a site's
/// network). Port 5060 when absent; URI parameters and headers are not accepted.
/// </summary>
internal sealed record SipUri(string? User, IPAddress Host, int Port)
{
    public const int DefaultPort = 5060;

    public IPEndPoint EndPoint => new(Host, Port);

    public static bool TryParse(string? text, [NotNullWhen(true)] out SipUri? uri)
    {
        uri = null;
        if (text is null || !text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) || text.AsSpan().IndexOfAny(";?> \t") >= 0)
        {
            return false;
        }

        var rest = text[4..];
        string? user = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            user = rest[..at];
            if (user.Length == 0)
            {
                return false;
            }

            rest = rest[(at + 1)..];
        }

        var port = DefaultPort;
        string host;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = rest[1..close];
            rest = rest[(close + 1)..];
            if (rest.Length > 0 && (!rest.StartsWith(':') || !TryPort(rest[1..], out port)))
            {
                return false;
            }
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon >= 0 ? rest[..colon] : rest;
            if (colon >= 0 && !TryPort(rest[(colon + 1)..], out port))
            {
                return false;
            }
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            return false;
        }

        uri = new SipUri(user, address, port);
        return true;
    }

    public override string ToString()
    {
        var host = Host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Host}]" : Host.ToString();
        return User is null
            ? string.Create(CultureInfo.InvariantCulture, $"sip:{host}:{Port}")
            : string.Create(CultureInfo.InvariantCulture, $"sip:{User}@{host}:{Port}");
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;
}
