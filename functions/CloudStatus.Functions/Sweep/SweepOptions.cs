namespace CloudStatus.Functions.Sweep;

/// <summary>Options of the heartbeat sweep (section <c>CloudStatus:Central:Sweep</c>).</summary>
internal sealed class SweepOptions
{
    public const string SectionName = "CloudStatus:Central:Sweep";

    /// <summary>A server with no batch for this long goes offline and its producers stale.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the sweep runs.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long central keeps a tombstone (the seq guard against late redeliveries) before purging it.</summary>
    public TimeSpan TombstoneRetention { get; set; } = TimeSpan.FromHours(1);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (HeartbeatTimeout < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{SectionName}:HeartbeatTimeout must be at least 1 s (was {HeartbeatTimeout}).");
        }

        if (SweepInterval < TimeSpan.FromMilliseconds(100) || SweepInterval > HeartbeatTimeout)
        {
            errors.Add($"{SectionName}:SweepInterval must be at least 100 ms and at most HeartbeatTimeout (was {SweepInterval}).");
        }

        if (TombstoneRetention < TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:TombstoneRetention must not be negative (was {TombstoneRetention}).");
        }

        return errors;
    }
}
