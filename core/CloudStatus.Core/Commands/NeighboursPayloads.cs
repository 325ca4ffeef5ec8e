using System.Text.Json.Serialization;
using CloudStatus.Core.Model;

namespace CloudStatus.Core.Commands;

/// <summary>
/// Payload of the <c>neighbours</c> direct method (the clearinghouse, docs/adr/0146): what central tells a server of
/// its neighbours, from the registrations it accepted.
/// </summary>
public sealed record NeighboursRequest
{
    public const int MaxServers = 256;

    /// <summary>The server that takes over this one's producers when it dies, or null.</summary>
    public string? FailoverPeer { get; init; }

    /// <summary>The servers this one takes over for (their failover peer is this server): the ones its peer link watches.</summary>
    public IReadOnlyList<string> Covers { get; init; } = [];

    /// <summary>The other servers of its site, its failover peer and the servers it covers, with their LAN peer addresses.</summary>
    public IReadOnlyList<NeighbourServer> Servers { get; init; } = [];

    /// <summary>
    /// The failover leases this server holds now, primary server id → fencing token (docs/adr/0148): the tokens it
    /// presents as <c>fences</c> on its batches. Absent or empty: it holds none and presents none.
    /// </summary>
    public IReadOnlyDictionary<string, long>? Fences { get; init; }

    /// <summary>Null when well formed, else why not.</summary>
    public string? Validate()
    {
        // A JSON null for a list arrives as null whatever the initializer says.
        if (Servers is null || Covers is null || Servers.Any(s => s is null))
        {
            return "covers and servers must be arrays of entries.";
        }

        if (Servers.Count > MaxServers)
        {
            return $"At most {MaxServers} neighbours.";
        }

        foreach (var id in Servers.Select(s => s.ServerId).Concat(Covers).Append(FailoverPeer ?? "ok"))
        {
            if (!ProducerId.IsValid(id))
            {
                return $"'{id}' is not a server id.";
            }
        }

        if (Fences?.FirstOrDefault(f => !ProducerId.IsValid(f.Key) || f.Value < 1) is { Key: not null } fence)
        {
            return $"fences['{fence.Key}'] must map a server id to a positive fencing token.";
        }

        return Servers.FirstOrDefault(s => s.LanAddress is { } a && (a.Length is 0 or > 255 || a.Any(char.IsWhiteSpace))) is { } bad
            ? $"The LAN address of '{bad.ServerId}' must be host:port."
            : null;
    }
}

public sealed record NeighbourServer
{
    public required string ServerId { get; init; }

    public required string SiteId { get; init; }

    /// <summary><c>host:port</c> of its peer interface (its registration's <c>lanAddress</c>), or null.</summary>
    public string? LanAddress { get; init; }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NeighboursRequest))]
public sealed partial class NeighboursJsonContext : JsonSerializerContext;
