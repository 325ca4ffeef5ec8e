namespace CloudStatus.Fleet;

/// <summary>
/// The servers of one site: every switch checks every live switch of the site, on any of its servers, so a switch on
/// one server and a switch on another are peers. Holds the links broken by hand (<see cref="FleetModel.SetLink"/>);
/// its lock is never held while a server's is taken, so servers may ask it from under their own.
/// </summary>
public sealed class FleetSite
{
    private readonly Lock _gate = new();
    private readonly HashSet<(string, string)> _broken = [];
    private readonly List<FleetServer> _servers = [];

    internal FleetSite(string siteId)
    {
        SiteId = siteId;
    }

    public string SiteId { get; }

    public IReadOnlyList<FleetServer> Servers => _servers;

    internal void Add(FleetServer server) => _servers.Add(server);

    /// <summary>The live switches of the site's other servers; called without holding <paramref name="server"/>'s lock.</summary>
    internal IReadOnlyList<string> SwitchesBeyond(FleetServer server) =>
        [.. _servers.Where(s => !ReferenceEquals(s, server)).SelectMany(s => s.LiveSwitchIds)];

    internal void SetLink(string a, string b, bool broken)
    {
        lock (_gate)
        {
            if (broken)
            {
                _broken.Add(Link(a, b));
            }
            else
            {
                _broken.Remove(Link(a, b));
            }
        }
    }

    /// <summary>The links broken by hand now (a copy), or null when none: the common case costs no set.</summary>
    internal HashSet<(string, string)>? BrokenLinks()
    {
        lock (_gate)
        {
            return _broken.Count == 0 ? null : [.. _broken];
        }
    }

    internal static (string, string) Link(string a, string b) =>
        string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
}
