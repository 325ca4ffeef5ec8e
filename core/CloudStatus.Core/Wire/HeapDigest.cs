namespace CloudStatus.Core.Wire;

/// <summary>
/// A summary of a server's live (non-deleted) heap records that central can compare with its own copy
/// without a full resync: the record count, the highest sequence issued, and an order-independent hash
/// of every (producerId, seq) pair (see <see cref="DigestHash"/>).
/// </summary>
public sealed record HeapDigest
{
    public required long Count { get; init; }
    public required long MaxSeq { get; init; }

    /// <summary>Wrapping sum of <see cref="DigestHash.Of"/> over live records, as 16 lower-case hex digits.</summary>
    public required string Hash { get; init; }
}
