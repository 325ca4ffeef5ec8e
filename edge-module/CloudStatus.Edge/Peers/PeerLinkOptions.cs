using CloudStatus.Core.Model;

namespace CloudStatus.Edge.Peers;

/// <summary>
/// The peer-to-peer interface on the site LAN (section <c>CloudStatus:Edge:Peers</c>, docs/adr/0145): the site key that
/// signs every request and answer, read from files (never the twin), and how a peer is probed and when it counts as
/// absent. Rotation: put the new key in <see cref="KeyFile"/> and the old one in <see cref="PreviousKeyFile"/> on every
/// server of the site, then remove the previous one; a request signed with either is taken.
/// </summary>
public sealed class PeerLinkOptions
{
    public const string SectionName = "CloudStatus:Edge:Peers";

    /// <summary>A key shorter than this many bytes (UTF-8, trimmed) is refused at start.</summary>
    public const int MinKeyBytes = 32;

    /// <summary>The site key: every server of the site holds the same one. Null turns the interface off.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The key being rotated out, still accepted on requests and answers until removed; the file may be absent.</summary>
    public string? PreviousKeyFile { get; set; }

    /// <summary>Where the deployable module listens for peers (its own port on the site LAN, apart from the push endpoint).</summary>
    public string ListenUrl { get; set; } = "http://0.0.0.0:5680";

    /// <summary>How far a request's or answer's timestamp may be from this server's clock; nonces are kept this long (both ways).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A peer that has not answered within this is absent for that call.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the failover peer is asked "are you there".</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the switch entries of a server this one covers are asked again (its surrogate, ADR 171).</summary>
    public TimeSpan EquipmentRefresh { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Consecutive unanswered probes after which the peer link reports the peer lost.</summary>
    public int MissesBeforeLost { get; set; } = 3;

    /// <summary>At most this many nonces are remembered; a request beyond it is refused (503) rather than let through unchecked.</summary>
    public int MaxNonces { get; set; } = 100_000;

    /// <summary>Largest answer body the client reads; a bigger one is garbage.</summary>
    public int MaxAnswerBytes { get; set; } = 8 * 1024 * 1024;

    public bool Enabled => KeyFile is not null;

    public IEnumerable<string> Validate()
    {
        if (KeyFile is null && PreviousKeyFile is not null)
        {
            yield return $"{SectionName}:PreviousKeyFile needs a KeyFile.";
        }

        foreach (var (name, file) in new[] { (nameof(KeyFile), KeyFile), (nameof(PreviousKeyFile), PreviousKeyFile) })
        {
            // No previous key file means no rotation in progress: the deployment names it always, the file comes and goes.
            if (file is not null && (name == nameof(KeyFile) || File.Exists(file)) && PeerKeys.Read(file, out var error) is null)
            {
                yield return $"{SectionName}:{name}: {error}";
            }
        }

        if (!Uri.TryCreate(ListenUrl, UriKind.Absolute, out var listen) || listen.Scheme is not ("http" or "https"))
        {
            yield return $"{SectionName}:ListenUrl must be an absolute http(s) URL (was '{ListenUrl}').";
        }

        if (ClockSkew < TimeSpan.FromSeconds(1) || ClockSkew > TimeSpan.FromMinutes(10))
        {
            yield return $"{SectionName}:ClockSkew must be 1 s–10 min (was {ClockSkew}).";
        }

        if (RequestTimeout <= TimeSpan.Zero || ProbeInterval <= TimeSpan.Zero || EquipmentRefresh <= TimeSpan.Zero)
        {
            yield return $"{SectionName}:RequestTimeout, ProbeInterval and EquipmentRefresh must be positive.";
        }

        if (MissesBeforeLost < 1 || MaxNonces < 100 || MaxAnswerBytes < 1024)
        {
            yield return $"{SectionName}: MissesBeforeLost must be at least 1, MaxNonces at least 100, MaxAnswerBytes at least 1024.";
        }
    }

    /// <summary>True when <paramref name="id"/> can name a peer server.</summary>
    internal static bool IsServerId(string? id) => id is not null && ProducerId.IsValid(id);
}
