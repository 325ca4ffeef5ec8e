using CloudStatus.Core.Model;

namespace CloudStatus.Edge.Configuration;

/// <summary>
/// This server's place in a failover pair (section <c>CloudStatus:Edge:Failover</c>, docs/adr/0120 and 0121): sent to
/// central in the registration, which pairs the servers and arbitrates who reports the primary's producers.
/// </summary>
public sealed class FailoverOptions
{
    public const string SectionName = EdgeNodeOptions.SectionName + ":Failover";

    /// <summary>The server that takes over this one's producers when it dies; null for none.</summary>
    public string? Peer { get; set; }

    /// <summary><c>host:port</c> of this server's peer-to-peer interface on the site LAN; null when it has none.</summary>
    public string? LanAddress { get; set; }

    /// <summary>Roots of the producer subtrees this server manages; empty means its own (the server id).</summary>
    public List<string> Subtrees { get; set; } = [];

    public IEnumerable<string> Validate(string serverId)
    {
        if (Peer is not null && (!ProducerId.IsValid(Peer) || string.Equals(Peer, serverId, StringComparison.Ordinal)))
        {
            yield return $"{SectionName}:Peer '{Peer}' must be a valid server id other than this server's.";
        }

        if (LanAddress is not null && (LanAddress.Length is 0 or > 255 || LanAddress.Any(char.IsWhiteSpace)))
        {
            yield return $"{SectionName}:LanAddress must be host:port, at most 255 characters, no spaces.";
        }

        foreach (var subtree in Subtrees.Where(s => !ProducerId.IsValid(s)))
        {
            yield return $"{SectionName}:Subtrees holds an invalid producer id '{subtree}'.";
        }
    }
}
