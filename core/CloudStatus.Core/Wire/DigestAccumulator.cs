namespace CloudStatus.Core.Wire;

/// <summary>
/// The running <see cref="HeapDigest"/> of a server's live records, kept the same way by the edge heap and by
/// central: a record adds its <see cref="DigestHash.Of"/> term while it is live and takes out the term of the seq it
/// had when it changes or is deleted. Not thread-safe; its owner serializes the changes.
/// </summary>
public sealed class DigestAccumulator
{
    public DigestAccumulator()
    {
    }

    /// <summary>Continues from a stored count and hash.</summary>
    public DigestAccumulator(long count, ulong hash)
    {
        Count = count;
        Hash = hash;
    }

    /// <summary>Live records.</summary>
    public long Count { get; private set; }

    /// <summary>Wrapping sum of <see cref="DigestHash.Of"/> over the live records.</summary>
    public ulong Hash { get; private set; }

    public void Add(string producerId, long seq)
    {
        Count++;
        Hash = unchecked(Hash + DigestHash.Of(producerId, seq));
    }

    public void Remove(string producerId, long seq)
    {
        Count--;
        Hash = unchecked(Hash - DigestHash.Of(producerId, seq));
    }

    /// <summary>Whether another side's digest covers the same live records (its max seq is not compared).</summary>
    public bool Matches(HeapDigest digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return digest.Count == Count && DigestHash.TryParse(digest.Hash, out var hash) && hash == Hash;
    }

    public HeapDigest ToDigest(long maxSeq) => new() { Count = Count, MaxSeq = maxSeq, Hash = DigestHash.Format(Hash) };

    public override string ToString() => $"{Count}/{DigestHash.Format(Hash)}";
}
