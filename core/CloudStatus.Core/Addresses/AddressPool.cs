using System.Net;

namespace CloudStatus.Core.Addresses;

/// <summary>Picks a free host address for a readdress: the lowest address of the pool inside the network that no entry holds.</summary>
public static class AddressPool
{
    /// <summary>The chosen address, or null with why (pool outside the network, or exhausted).</summary>
    public static string? PickFree(Subnet pool, Subnet network, string networkName, IEnumerable<AddressBinding> master, IEnumerable<string> reserved, out string error)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(network);
        error = string.Empty;
        if (!network.Contains(pool.Network) || pool.PrefixLength < network.PrefixLength)
        {
            error = $"the pool {pool} is not inside the network {network}";
            return null;
        }

        var taken = master.Where(b => b.Network == networkName && b.Ip is not null).Select(b => b.Ip!)
            .Concat(reserved).ToHashSet(StringComparer.Ordinal);
        foreach (var host in pool.Hosts())
        {
            if (!taken.Contains(host.ToString()) && !host.Equals(network.Network) && !IsBroadcast(host, network))
            {
                return host.ToString();
            }
        }

        error = $"the pool {pool} of network {networkName} has no free address";
        return null;
    }

    // The network's last address (IPv4 broadcast) is never handed out, even from a pool of /31 or /32.
    private static bool IsBroadcast(IPAddress host, Subnet network) =>
        host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !network.Contains(Next(host));

    private static IPAddress Next(IPAddress host)
    {
        var bytes = host.GetAddressBytes();
        for (var i = bytes.Length - 1; i >= 0 && ++bytes[i] == 0; i--)
        {
        }

        return new IPAddress(bytes);
    }
}
