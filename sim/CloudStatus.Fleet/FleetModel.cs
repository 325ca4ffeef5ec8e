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
    public FleetModel(FleetSpec spec, IFleetOutput output, Func<int, string>? serverId = null)
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
        foreach (var server in Servers)
        {
            _byId.Add(server.ServerId, server);
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

    /// <summary>Second <paramref name="second"/> of every server (0 = every producer appears).</summary>
    public void Step(int second)
    {
        foreach (var server in Servers)
        {
            server.Step(second);
        }
    }
}
