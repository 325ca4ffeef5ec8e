using System.Text.Json.Serialization;
using CloudStatus.Core.Model;

namespace CloudStatus.Edge.Producers.Adapters;

/// <summary>
/// One piece of equipment this module reaches through a producer adapter: which producer it is, how to reach it, and
/// where the credential is kept (a file path or an environment variable name; never the secret itself). Entries of
/// <c>CloudStatus:Edge:Equipment:{name}</c> in configuration and of the twin's <c>equipment.{name}</c>.
/// </summary>
public sealed class EquipmentOptions
{
    public string ProducerId { get; set; } = string.Empty;
    public string Kind { get; set; } = string.Empty;
    public string? ParentId { get; set; }

    /// <summary>
    /// The adapter that speaks to it: <c>http</c> (the HTTP/JSON management API, docs/equipment-http-api.md),
    /// <c>sip</c> (SIP OPTIONS qualify, ADR 0066), <c>tcp</c> or <c>icmp</c> (reachability, ADR 0067).
    /// </summary>
    public string Adapter { get; set; } = EquipmentAdapters.Http;

    /// <summary>
    /// Where it is, in the adapter's scheme: the base URL of its management API (<c>http(s)://…</c>), its SIP address
    /// (<c>sip:[user@]ip[:port]</c>), <c>tcp://ip:port</c>, or <c>icmp://ip[:port]</c> (the port: a TCP fallback where
    /// ICMP is not allowed).
    /// </summary>
    public Uri? Url { get; set; }

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>One poll (all its requests) or one control action not answered within this time fails.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a switch that was told to reboot is polled until it is back with a new boot count.</summary>
    public TimeSpan RebootPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The header that carries the credential (its value is the secret, verbatim: e.g. <c>Bearer abc…</c>).</summary>
    public string AuthHeader { get; set; } = "Authorization";

    /// <summary>A file holding the header value (read at each request, so a rotated secret is picked up).</summary>
    public string? CredentialFile { get; set; }

    /// <summary>The name of an environment variable holding the header value.</summary>
    public string? CredentialEnvironmentVariable { get; set; }

    /// <summary>A PEM file of the CA that signed the equipment's TLS certificate (else the system's trust).</summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>The equipment's MAC address when its status does not tell it (any usual notation).</summary>
    public string? Mac { get; set; }

    /// <summary>The equipment's IP address when its status does not tell it.</summary>
    public string? Ip { get; set; }

    /// <summary>
    /// Equipment expected to be plugged in later (an add may wait for it): nothing is reported for it until it first
    /// answers, so an empty slot is not a producer that is offline.
    /// </summary>
    public bool AwaitFirstAnswer { get; set; }

    /// <summary>At most this many requests in flight to one host:port, shared by every producer behind it.</summary>
    public int MaxConcurrencyPerEndpoint { get; set; } = 4;

    /// <summary>Every problem, each as a sentence starting with <paramref name="path"/>; empty when valid.</summary>
    public IEnumerable<string> Validate(string path)
    {
        if (!Core.Model.ProducerId.IsValid(ProducerId))
        {
            yield return $"{path}.producerId '{ProducerId}' is not a valid producer id.";
        }

        if (string.IsNullOrWhiteSpace(Kind) || Kind.Length > 64)
        {
            yield return $"{path}.kind must be 1–64 characters.";
        }

        if (ParentId is not null && !Core.Model.ProducerId.IsValid(ParentId))
        {
            yield return $"{path}.parentId '{ParentId}' is not a valid producer id.";
        }

        if (!EquipmentAdapters.IsKnown(Adapter))
        {
            yield return $"{path}.adapter '{Adapter}' is not an adapter of this module (known: {string.Join(", ", EquipmentAdapters.All)}).";
        }

        if (EquipmentAdapters.IsKnown(Adapter) && EquipmentAdapters.UrlProblem(Adapter, Url) is { } problem)
        {
            yield return $"{path}.url {problem}";
        }

        if (Interval < TimeSpan.FromMilliseconds(100) || Timeout <= TimeSpan.Zero || RebootPollInterval < TimeSpan.FromMilliseconds(100))
        {
            yield return $"{path}: interval and rebootPollInterval must be at least 100 ms and timeout positive.";
        }

        if (CredentialFile is not null && CredentialEnvironmentVariable is not null)
        {
            yield return $"{path}: give credentialFile or credentialEnvironmentVariable, not both.";
        }

        if (string.IsNullOrWhiteSpace(AuthHeader) || AuthHeader.Any(c => c <= ' ' || c == ':'))
        {
            yield return $"{path}.authHeader must be a header name.";
        }

        if (Mac is not null && !MacAddress.TryNormalize(Mac, out _))
        {
            yield return $"{path}.mac '{Mac}': {MacAddress.Rule}.";
        }

        if (Ip is not null && !IpAddressText.TryNormalize(Ip, out _))
        {
            yield return $"{path}.ip '{Ip}': {IpAddressText.Rule}.";
        }

        if (MaxConcurrencyPerEndpoint is < 1 or > 64)
        {
            yield return $"{path}.maxConcurrencyPerEndpoint must be 1–64.";
        }
    }

    /// <summary>
    /// Validates a whole equipment section: each entry, each producer reached through one entry only, and the
    /// qualify and reachability loops the <c>sip</c>, <c>tcp</c> and <c>icmp</c> entries make up (one of each per node).
    /// </summary>
    public static IReadOnlyList<string> ValidateAll(IReadOnlyDictionary<string, EquipmentOptions> equipment, string path)
    {
        ArgumentNullException.ThrowIfNull(equipment);
        var errors = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, entry) in equipment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (entry is null)
            {
                errors.Add($"{path}.{name}: must be an object.");
                continue;
            }

            errors.AddRange(entry.Validate($"{path}.{name}"));
            if (Core.Model.ProducerId.IsValid(entry.ProducerId) && !seen.TryAdd(entry.ProducerId, name))
            {
                errors.Add($"{path}.{name}: producer '{entry.ProducerId}' is already reached through {path}.{seen[entry.ProducerId]}.");
            }
        }

        if (errors.Count == 0)
        {
            errors.AddRange(EquipmentProbes.Validate(equipment, path));
        }

        return errors;
    }
}

/// <summary>The adapters a piece of equipment can be reached through.</summary>
public static class EquipmentAdapters
{
    public const string Http = "http";
    public const string Sip = "sip";
    public const string Tcp = "tcp";
    public const string Icmp = "icmp";

    public static IReadOnlyList<string> All { get; } = [Http, Sip, Tcp, Icmp];

    public static bool IsKnown(string? adapter) => adapter is Http or Sip or Tcp or Icmp;

    /// <summary>Why <paramref name="url"/> does not fit <paramref name="adapter"/> (a sentence's end), or null when it does.</summary>
    internal static string? UrlProblem(string adapter, Uri? url)
    {
        if (url is null || !url.IsAbsoluteUri)
        {
            return adapter switch
            {
                Sip => "must be a SIP address, sip:[user@]ip[:port].",
                Tcp => "must be tcp://ip:port.",
                Icmp => "must be icmp://ip[:port].",
                _ => "must be an absolute http(s) URL.",
            };
        }

        return adapter switch
        {
            Http when url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps => "must be an absolute http(s) URL.",
            Sip when url.Scheme != "sip" || !global::CloudStatus.Edge.Producers.Sip.SipUri.TryParse(url.OriginalString, out _) => $"'{url.OriginalString}' must be sip:[user@]ip[:port] with a literal IP.",
            Tcp when url.Scheme != Tcp || !IsIpHost(url) || url.IsDefaultPort || url.Port is < 1 or > 65535 => $"'{url.OriginalString}' must be tcp://ip:port.",
            Icmp when url.Scheme != Icmp || !IsIpHost(url) || url.AbsolutePath.Length > 1 => $"'{url.OriginalString}' must be icmp://ip[:port].",
            _ => null,
        };
    }

    private static bool IsIpHost(Uri url) => url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6;
}

/// <summary>The twin's and the reported configuration's shape of an equipment entry (camelCase; unknown members refused).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(EquipmentOptions))]
internal sealed partial class EquipmentJsonContext : JsonSerializerContext;
