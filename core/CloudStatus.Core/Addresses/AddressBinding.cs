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

    /// <summary>
    /// The <see cref="AddressSources"/> of the item that set it. An entry set by an <c>add</c> reserves its addresses
    /// for the producer the add waits for, which may show up under the id its edge gives it (docs/adr/0080, 0150).
    /// </summary>
    public string? Source { get; init; }

    /// <summary>False for an entry whose addresses were given back (a deleted producer): it holds nothing.</summary>
    public bool HoldsAny => Mac is not null || Ip is not null;

    public bool IsProducer(string serverId, string producerId) =>
        string.Equals(ServerId, serverId, StringComparison.Ordinal) && string.Equals(ProducerId, producerId, StringComparison.Ordinal);
}
