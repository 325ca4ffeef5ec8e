using CloudStatus.Core.Wire;
using FsCheck.Xunit;

namespace CloudStatus.Core.Tests.Wire;

public sealed class DigestAccumulatorTests
{
    [Fact]
    public void New_IsTheDigestOfNothing()
    {
        var digest = new DigestAccumulator();

        Assert.Equal(new HeapDigest { Count = 0, MaxSeq = 0, Hash = "0000000000000000" }, digest.ToDigest(0));
    }

    [Fact]
    public void AddRemove_KeepTheCountAndTheWrappingSumOfTheLiveTerms()
    {
        var digest = new DigestAccumulator();

        digest.Add("a", 1);
        digest.Add("b", 2);
        digest.Remove("a", 1);
        digest.Add("a", 3);

        Assert.Equal(2, digest.Count);
        Assert.Equal(unchecked(DigestHash.Of("b", 2) + DigestHash.Of("a", 3)), digest.Hash);
        Assert.Equal(new HeapDigest { Count = 2, MaxSeq = 3, Hash = DigestHash.Format(digest.Hash) }, digest.ToDigest(3));
    }

    [Fact]
    public void New_FromAStoredCountAndHash_ContinuesFromThem()
    {
        var digest = new DigestAccumulator(1, DigestHash.Of("a", 1));

        digest.Remove("a", 1);

        Assert.Equal((0L, 0UL), (digest.Count, digest.Hash));
    }

    [Fact]
    public void Matches_SameCountAndHash_IgnoresMaxSeq()
    {
        var digest = new DigestAccumulator(1, DigestHash.Of("a", 1));

        Assert.True(digest.Matches(new HeapDigest { Count = 1, MaxSeq = 99, Hash = DigestHash.Format(DigestHash.Of("a", 1)) }));
    }

    [Theory]
    [InlineData(2, "a")]
    [InlineData(1, "b")]
    public void Matches_OtherCountOrHash_IsFalse(long count, string producerId)
    {
        var digest = new DigestAccumulator(1, DigestHash.Of("a", 1));

        Assert.False(digest.Matches(new HeapDigest { Count = count, MaxSeq = 1, Hash = DigestHash.Format(DigestHash.Of(producerId, 1)) }));
    }

    [Fact]
    public void Matches_UnreadableHash_IsFalse()
    {
        Assert.False(new DigestAccumulator().Matches(new HeapDigest { Count = 0, MaxSeq = 0, Hash = "not-hex" }));
    }

    [Property]
    public bool AddThenRemove_LeavesTheDigestAsItWas(string producerId, long seq, long count, ulong hash)
    {
        var digest = new DigestAccumulator(count, hash);

        digest.Add(producerId ?? string.Empty, seq);
        digest.Remove(producerId ?? string.Empty, seq);

        return digest.Count == count && digest.Hash == hash;
    }
}
