using System.Net;
using CloudStatus.Core.Model;

namespace CloudStatus.Edge.Producers.Reachability;

/// <summary>ICMP echo / TCP connect checks (section <c>CloudStatus:Edge:Reachability</c>).</summary>
internal sealed class ReachabilityOptions
{
    public const string SectionName = "CloudStatus:Edge:Reachability";

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A connect or echo not answered within this time counts as a failure.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>At most this many checks run at once.</summary>
    public int MaxConcurrency { get; set; } = 32;

    public List<ReachabilityTarget> Targets { get; set; } = [];

    public IEnumerable<string> Validate()
    {
        if (Interval <= TimeSpan.Zero || Timeout <= TimeSpan.Zero || Timeout >= Interval)
        {
            yield return "Reachability: Interval and Timeout must be positive and Timeout shorter than Interval.";
        }

        if (MaxConcurrency is < 1 or > 1024)
        {
            yield return "Reachability:MaxConcurrency must be 1–1024.";
        }

        for (var i = 0; i < Targets.Count; i++)
        {
            var t = Targets[i];
            if (!ProducerId.IsValid(t.ProducerId))
            {
                yield return $"Reachability:Targets:{i}:ProducerId '{t.ProducerId}' is not a valid producer id.";
            }

            if (string.IsNullOrWhiteSpace(t.Kind))
            {
                yield return $"Reachability:Targets:{i}:Kind is required.";
            }

            if (t.ParentId is not null && !ProducerId.IsValid(t.ParentId))
            {
                yield return $"Reachability:Targets:{i}:ParentId '{t.ParentId}' is not a valid producer id.";
            }

            if (!IPAddress.TryParse(t.Address, out _))
            {
                yield return $"Reachability:Targets:{i}:Address '{t.Address}' is not an IP address.";
            }

            if (t.Port is < 0 or > 65535 || (t.Method == ReachabilityMethod.Tcp && t.Port == 0))
            {
                yield return $"Reachability:Targets:{i}:Port must be 1–65535 for tcp (0–65535 for icmp, 0 meaning no TCP fallback).";
            }
        }
    }
}
