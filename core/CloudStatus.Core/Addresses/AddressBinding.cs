namespace CloudStatus.Core.Addresses;

/// <summary>
/// The address master's entry for one producer: the MAC and IP it holds (in <see cref="Network"/>, see
/// <see cref="AddressNetworks.NetworkOf"/>). A producer without an entry holds no address.
/// </summary>
public sealed record AddressBinding
{
    public required string TenantId { get; init; }
    public required string SiteId { get; init; }
    public required string ServerId { get; init; }
    public required string ProducerId { get; init; }
    public string? Mac { get; init; }
    public string? Ip { get; init; }
    public string? Network { get; init; }

    /// <summary>The journal item that last set this entry.</summary>
    public required string ItemId { get; init; }

    public required DateTimeOffset Since { get; init; }

    public bool IsProducer(string serverId, string producerId) =>
        string.Equals(ServerId, serverId, StringComparison.Ordinal) && string.Equals(ProducerId, producerId, StringComparison.Ordinal);
}
