using System.Net;
using CloudStatus.Core.Model;

namespace CloudStatus.Edge.Producers.Sip;

/// <summary>SIP OPTIONS qualify of phones and trunks (section <c>CloudStatus:Edge:SipQualify</c>).</summary>
public sealed class SipQualifyOptions
{
    public const string SectionName = "CloudStatus:Edge:SipQualify";

    /// <summary>The address the one shared UDP socket binds to; its port is 0 (any) unless <see cref="LocalPort"/> says.</summary>
    public string LocalAddress { get; set; } = "0.0.0.0";

    public int LocalPort { get; set; }

    /// <summary>Every target is qualified once per interval; the sends are spread across it.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>An OPTIONS with no final response within this time is a missed answer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>This many missed answers in a row turn a target offline.</summary>
    public int MissesToOffline { get; set; } = 3;

    /// <summary>At most this many OPTIONS leave the edge per second, whatever the population.</summary>
    public double MaxRequestsPerSecond { get; set; } = 50;

    public List<SipQualifyTarget> Targets { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        if (!IPAddress.TryParse(LocalAddress, out _))
        {
            yield return $"SipQualify:LocalAddress '{LocalAddress}' is not an IP address.";
        }

        if (LocalPort is < 0 or > 65535)
        {
            yield return "SipQualify:LocalPort must be 0–65535.";
        }

        if (Interval <= TimeSpan.Zero || Timeout <= TimeSpan.Zero || Timeout >= Interval)
        {
            yield return "SipQualify: Interval and Timeout must be positive and Timeout shorter than Interval.";
        }

        if (MissesToOffline < 1)
        {
            yield return "SipQualify:MissesToOffline must be at least 1.";
        }

        if (MaxRequestsPerSecond is <= 0 or > 10_000 || double.IsNaN(MaxRequestsPerSecond))
        {
            yield return "SipQualify:MaxRequestsPerSecond must be in (0, 10000].";
        }
        else if (Targets.Count / MaxRequestsPerSecond > Interval.TotalSeconds)
        {
            yield return $"SipQualify: {Targets.Count} targets cannot each be qualified every {Interval} at {MaxRequestsPerSecond} requests per second; raise Interval or MaxRequestsPerSecond.";
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Targets.Count; i++)
        {
            var t = Targets[i];
            if (!ProducerId.IsValid(t.ProducerId))
            {
                yield return $"SipQualify:Targets:{i}:ProducerId '{t.ProducerId}' is not a valid producer id.";
            }
            else if (!ids.Add(t.ProducerId))
            {
                yield return $"SipQualify:Targets:{i}:ProducerId '{t.ProducerId}' appears twice.";
            }

            if (string.IsNullOrWhiteSpace(t.Kind))
            {
                yield return $"SipQualify:Targets:{i}:Kind is required.";
            }

            if (t.ParentId is not null && !ProducerId.IsValid(t.ParentId))
            {
                yield return $"SipQualify:Targets:{i}:ParentId '{t.ParentId}' is not a valid producer id.";
            }

            if (!SipUri.TryParse(t.Uri, out _))
            {
                yield return $"SipQualify:Targets:{i}:Uri '{t.Uri}' must be sip:[user@]ip[:port].";
            }
        }
    }
}
