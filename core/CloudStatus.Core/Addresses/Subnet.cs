using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Numerics;

namespace CloudStatus.Core.Addresses;

/// <summary>An IP network in CIDR form (<c>10.1.0.0/16</c>); its text is the network's canonical name.</summary>
public sealed record Subnet
{
    private readonly BigInteger _first;
    private readonly BigInteger _size;

    private Subnet(IPAddress network, int prefixLength)
    {
        Network = network;
        PrefixLength = prefixLength;
        var bits = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        _first = ToNumber(network);
        _size = BigInteger.One << (bits - prefixLength);
    }

    public IPAddress Network { get; }

    public int PrefixLength { get; }

    /// <summary>Parses <c>address/prefix</c>; the host bits must be zero (<c>10.1.0.5/16</c> is refused, not rounded).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Subnet? subnet, out string error)
    {
        subnet = null;
        error = string.Empty;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (text is null || slash < 0
            || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix))
        {
            error = $"'{text}' is not a subnet in CIDR form (10.1.0.0/16)";
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefix > bits)
        {
            error = $"'{text}': the prefix length must be at most {bits}";
            return false;
        }

        var hostBits = (BigInteger.One << (bits - prefix)) - 1;
        if ((ToNumber(address) & hostBits) != 0)
        {
            error = $"'{text}': the host bits must be zero (the network is {FromNumber(ToNumber(address) & ~hostBits, bits)}/{prefix})";
            return false;
        }

        subnet = new Subnet(address, prefix);
        return true;
    }

    public bool Contains(IPAddress address) =>
        address.AddressFamily == Network.AddressFamily && ToNumber(address) - _first is var offset && offset >= 0 && offset < _size;

    /// <summary>Host addresses in order; for IPv4 with a prefix up to /30, the network and broadcast addresses are left out.</summary>
    public IEnumerable<IPAddress> Hosts()
    {
        var bits = Network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var skipEnds = bits == 32 && PrefixLength <= 30;
        var start = skipEnds ? 1 : 0;
        var end = skipEnds ? _size - 1 : _size;
        for (var i = new BigInteger(start); i < end; i++)
        {
            yield return FromNumber(_first + i, bits);
        }
    }

    public override string ToString() => $"{Network}/{PrefixLength}";

    private static BigInteger ToNumber(IPAddress address) => new(address.GetAddressBytes(), isUnsigned: true, isBigEndian: true);

    private static IPAddress FromNumber(BigInteger value, int bits)
    {
        var bytes = new byte[bits / 8];
        value.TryWriteBytes(bytes, out var written, isUnsigned: true, isBigEndian: true);
        if (written < bytes.Length)
        {
            Array.Copy(bytes, 0, bytes, bytes.Length - written, written);
            Array.Clear(bytes, 0, bytes.Length - written);
        }

        return new IPAddress(bytes);
    }
}
