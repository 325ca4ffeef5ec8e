using System.Net;

namespace CloudStatus.Core.Addresses;

/// <summary>
/// The networks of each site, configured centrally. A network's name is <c>site/cidr</c>, so the same private subnet
/// at two sites is two networks. A site with no subnets configured is one network (named by the site) that takes any
/// IP; a configured site refuses an IP outside its subnets.
/// </summary>
public sealed class AddressNetworks
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<Subnet>> _sites;

    public AddressNetworks(IReadOnlyDictionary<string, IReadOnlyList<Subnet>> sites) => _sites = sites;

    public static AddressNetworks None { get; } = new(new Dictionary<string, IReadOnlyList<Subnet>>());

    /// <summary>The network of <paramref name="ip"/> at <paramref name="siteId"/>, or null with why when none has it.</summary>
    public string? NetworkOf(string siteId, IPAddress ip, out string error)
    {
        error = string.Empty;
        if (!_sites.TryGetValue(siteId, out var subnets) || subnets.Count == 0)
        {
            return siteId;
        }

        foreach (var subnet in subnets)
        {
            if (subnet.Contains(ip))
            {
                return $"{siteId}/{subnet}";
            }
        }

        error = $"{ip} is in none of site '{siteId}''s networks ({string.Join(", ", subnets)})";
        return null;
    }

    /// <summary>The configured subnet a network name stands for; null for an unconfigured site's network.</summary>
    public Subnet? SubnetOf(string network)
    {
        var slash = network.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 || !_sites.TryGetValue(network[..slash], out var subnets)
            ? null
            : subnets.FirstOrDefault(s => string.Equals(s.ToString(), network[(slash + 1)..], StringComparison.Ordinal));
    }
}
