namespace CloudStatus.Core.Addresses;

/// <summary>
/// One journal item: a producer's identity as central heard it (from ingest or an <c>add</c>), waiting to be
/// reconciled with the address master. <see cref="Mac"/> and <see cref="Ip"/> are in the normalized forms
/// (<see cref="Model.MacAddress"/>, <see cref="Model.IpAddressText"/>) or whatever arrived, which the decider refuses.
/// </summary>
public sealed record AddressClaim
{
    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public required string SiteId { get; init; }
    public required string ServerId { get; init; }
    public required string ProducerId { get; init; }
    public string? Mac { get; init; }
    public string? Ip { get; init; }

    /// <summary><see cref="AddressSources"/>.</summary>
    public required string Source { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The IP central knew the producer by before this claim (a producer changing address), else null.</summary>
    public string? PreviousIp { get; init; }
}

/// <summary>Where a journal item came from.</summary>
public static class AddressSources
{
    public const string Ingest = "ingest";
    public const string Add = "add";
    public const string Readdress = "readdress";

    /// <summary>The producer was deleted: its entry gives its addresses back (docs/adr/0150).</summary>
    public const string Release = "release";

    /// <summary>
    /// An <c>add</c> ended <c>timedOut</c> or <c>failed</c>: its reservation is released, unless a device already took it
    /// up (the entry is then no longer the add's).
    /// </summary>
    public const string AddEnded = "addEnded";
}
