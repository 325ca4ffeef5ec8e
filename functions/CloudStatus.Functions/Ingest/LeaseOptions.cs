namespace CloudStatus.Functions.Ingest;

/// <summary>Options of the failover arbiter (section <c>CloudStatus:Central:Leases</c>, docs/adr/0120).</summary>
internal sealed class LeaseOptions
{
    public const string SectionName = "CloudStatus:Central:Leases";

    /// <summary>How long a returned primary must be heard, without being lost again, before it gets its lease back.</summary>
    public TimeSpan HandbackHoldoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A peer's report that the primary is gone is believed only if central has not heard the primary for this long either.</summary>
    public TimeSpan PeerSuspectAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A server whose presented token was refused is told its leases again (a <c>neighbours</c> call), at most once per
    /// this long: it missed the call that told it of a lease change (docs/adr/0170).
    /// </summary>
    public TimeSpan RetellFencesAfter { get; set; } = TimeSpan.FromSeconds(10);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (HandbackHoldoff < TimeSpan.Zero || HandbackHoldoff > TimeSpan.FromHours(1))
        {
            errors.Add($"{SectionName}:HandbackHoldoff must be between 0 and 1 h (was {HandbackHoldoff}).");
        }

        if (PeerSuspectAfter < TimeSpan.FromSeconds(1) || PeerSuspectAfter > TimeSpan.FromHours(1))
        {
            errors.Add($"{SectionName}:PeerSuspectAfter must be between 1 s and 1 h (was {PeerSuspectAfter}).");
        }

        if (RetellFencesAfter < TimeSpan.FromSeconds(1) || RetellFencesAfter > TimeSpan.FromHours(1))
        {
            errors.Add($"{SectionName}:RetellFencesAfter must be between 1 s and 1 h (was {RetellFencesAfter}).");
        }

        return errors;
    }
}
