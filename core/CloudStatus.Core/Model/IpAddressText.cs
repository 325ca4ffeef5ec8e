using System.Net;
using System.Net.Sockets;

namespace CloudStatus.Core.Model;

/// <summary>
/// A producer's IP address as text in one form: dotted quad for IPv4, RFC 5952 for IPv6 (what
/// <see cref="IPAddress.ToString"/> gives). Shortened IPv4 forms such as <c>10.1</c> are refused, not guessed.
/// </summary>
public static class IpAddressText
{
    public const string Rule = "an IP address must be a dotted-quad IPv4 (10.0.1.5) or an IPv6 address (fd00::5)";

    public static bool TryNormalize(string? text, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 45 || !IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3)
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && text.Contains('%', StringComparison.Ordinal))
        {
            return false; // a scope id names an interface of the sender, not the producer
        }

        normalized = address.ToString();
        return true;
    }

    public static bool IsNormalized(string? text) => TryNormalize(text, out var normalized) && string.Equals(text, normalized, StringComparison.Ordinal);
}
