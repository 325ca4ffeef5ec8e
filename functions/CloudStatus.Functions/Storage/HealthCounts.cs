using CloudStatus.Core.Model;

namespace CloudStatus.Functions.Storage;

/// <summary>How many live producers of a server are in each health; maintained incrementally by ingest.</summary>
public sealed record HealthCounts(long Online, long Degraded, long Offline, long Unknown)
{
    public static readonly HealthCounts Zero = new(0, 0, 0, 0);

    public long Total => Online + Degraded + Offline + Unknown;

    public HealthCounts Add(Health health, long delta) => health switch
    {
        Health.Online => this with { Online = Online + delta },
        Health.Degraded => this with { Degraded = Degraded + delta },
        Health.Offline => this with { Offline = Offline + delta },
        _ => this with { Unknown = Unknown + delta },
    };
}
