using System.Globalization;

namespace CloudStatus.Fleet;

/// <summary>
/// The simulated fleet, deterministic by seed: <see cref="Step"/> plays one second of every server in a fixed order.
/// Each server draws from its own random stream, so a server's observations do not depend on the fleet size. The
/// benchmark steps it in virtual time; the dev stack on the wall clock (<see cref="FleetClock"/>).
/// </summary>
public sealed class FleetModel
{
    private readonly Dictionary<string, FleetServer> _byId = new(StringComparer.Ordinal);

    /// <param name="serverId">The id of the server at an index; default <c>srv-0001</c>, <c>srv-0002</c>, …</param>
    /// <param name="siteId">The site of the server at an index; default one site per server.</param>
    public FleetModel(FleetSpec spec, IFleetOutput output, Func<int, string>? serverId = null, Func<int, string>? siteId = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(output);
        var errors = spec.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid fleet: " + string.Join(" ", errors), nameof(spec));
        }

        Spec = spec;
        serverId ??= DefaultServerId;
        Servers = [.. Enumerable.Range(0, spec.Servers).Select(i => new FleetServer(i, serverId(i), spec, output))];
        var sites = new Dictionary<string, FleetSite>(StringComparer.Ordinal);
        foreach (var server in Servers)
        {
            _byId.Add(server.ServerId, server);
            var id = siteId?.Invoke(server.Index) ?? server.ServerId;
            if (!sites.TryGetValue(id, out var site))
            {
                sites.Add(id, site = new FleetSite(id));
            }

            site.Add(server);
            server.Site = site;
        }
    }

    public FleetSpec Spec { get; }

    public IReadOnlyList<FleetServer> Servers { get; }

    /// <summary>What the whole fleet did so far (a copy).</summary>
    public FleetCounts Counts
    {
        get
        {
            var total = new FleetCounts();
            foreach (var server in Servers)
            {
                total.Add(server.CountsSnapshot());
            }

            return total;
        }
    }

    public static string DefaultServerId(int index) => string.Create(CultureInfo.InvariantCulture, $"srv-{index + 1:0000}");

    public FleetServer? FindServer(string serverId) => _byId.GetValueOrDefault(serverId);

    /// <summary>The server whose equipment owns <paramref name="producerId"/> (ids are rooted at the server id).</summary>
    public FleetServer? FindServerOfProducer(string producerId)
    {
        ArgumentNullException.ThrowIfNull(producerId);
        var dot = producerId.IndexOf('.', StringComparison.Ordinal);
        return FindServer(dot < 0 ? producerId : producerId[..dot]);
    }

    /// <summary>
    /// Breaks or mends the link between two switches of one site, on the same server or on two (what their
    /// management APIs answer at once); false when either is no live switch or they are on different sites.
    /// </summary>
    public bool SetLink(string switchA, string switchB, bool broken)
    {
        ArgumentNullException.ThrowIfNull(switchA);
        ArgumentNullException.ThrowIfNull(switchB);
        var a = FindServerOfProducer(switchA);
        var b = FindServerOfProducer(switchB);
        if (a?.Site is not { } site || !ReferenceEquals(site, b?.Site) || string.Equals(switchA, switchB, StringComparison.Ordinal)
            || a.DescribeSwitch(switchA) is null || b.DescribeSwitch(switchB) is null)
        {
            return false;
        }

        site.SetLink(switchA, switchB, broken);
        return true;
    }

    /// <summary>Second <paramref name="second"/> of every server (0 = every producer appears).</summary>
    public void Step(int second)
    {
        foreach (var server in Servers)
        {
            server.Step(second);
        }
    }
}
