using CloudStatus.Core.Wire;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CloudStatus.Core.Tests.Wire;

public class DigestHashTests
{
    /// <summary>The definition written out in docs/wire-format.md, computed independently of the product code.</summary>
    private static ulong Reference(string producerId, long seq)
    {
        const ulong prime = 1099511628211UL;
        var bytes = new List<byte>();
        foreach (var c in producerId)
        {
            bytes.Add((byte)(c & 0xFF));
            bytes.Add((byte)(c >> 8));
        }

        bytes.Add(0xFF);
        bytes.AddRange(BitConverter.IsLittleEndian ? BitConverter.GetBytes(seq) : BitConverter.GetBytes(seq).Reverse());
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * prime;
        }

        return hash;
    }

    private static ulong Sum(IEnumerable<(string Id, long Seq)> records)
    {
        ulong sum = 0;
        foreach (var (id, seq) in records)
        {
            sum = unchecked(sum + DigestHash.Of(id, seq));
        }

        return sum;
    }

    [Theory]
    [InlineData("", 0L, "2032dd643620252e")]
    [InlineData("srv-01", 1L, "17607543bc15b652")]
    [InlineData("srv-01.sw-03.dev-017", 42L, "d14c6f465435ccaf")]
    [InlineData("srv-01.sw-03.dev-017", 123456789012L, null)]
    [InlineData("é€", -1L, null)]
    public void Of_MatchesTheDocumentedDefinition(string id, long seq, string? known)
    {
        var hash = DigestHash.Of(id, seq);

        Assert.Equal(Reference(id, seq), hash);
        if (known is not null)
        {
            Assert.Equal(known, DigestHash.Format(hash));
        }
    }

    /// <summary>The two-record example digest given in docs/wire-format.md (vectors computed outside .NET).</summary>
    [Fact]
    public void WrappingSum_DocumentedExample()
    {
        var sum = Sum([("srv-01.sw-03.dev-017", 42), ("srv-01.sw-03", 7)]);

        Assert.Equal("750044c57de57a4f", DigestHash.Format(sum));
    }

    [Fact]
    public void Of_SeparatorDistinguishesIdFromSeq()
    {
        Assert.NotEqual(DigestHash.Of("a1", 2), DigestHash.Of("a", 12));
        Assert.NotEqual(DigestHash.Of("a", 1), DigestHash.Of("a", 2));
        Assert.NotEqual(DigestHash.Of("a", 1), DigestHash.Of("b", 1));
    }

    [Theory]
    [InlineData(0UL, "0000000000000000")]
    [InlineData(0xABCUL, "0000000000000abc")]
    [InlineData(ulong.MaxValue, "ffffffffffffffff")]
    public void Format_SixteenLowerCaseHexDigits(ulong sum, string text)
    {
        Assert.Equal(text, DigestHash.Format(sum));
        Assert.True(DigestHash.TryParse(text, out var parsed));
        Assert.Equal(sum, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("xyz")]
    [InlineData("1ffffffffffffffff")]
    public void TryParse_NotHex_False(string? text)
    {
        Assert.False(DigestHash.TryParse(text, out _));
    }

    [Property]
    public bool FormatThenTryParse_RoundTrips(ulong sum) =>
        DigestHash.TryParse(DigestHash.Format(sum), out var parsed) && parsed == sum && DigestHash.Format(sum).Length == 16;

    private static Gen<(string Id, long Seq)[]> Heaps() =>
        Gen.Zip(
                Gen.Elements("srv-01", "srv-01.sw-01", "srv-01.sw-01.dev-1", "srv-01.sw-02.dev-7", "x", "Δ"),
                Gen.Choose(0, 1_000_000).Select(i => (long)i))
            .ArrayOf();

    [Fact]
    public void WrappingSum_IsIndependentOfOrder()
    {
        var cases =
            from heap in Heaps()
            from shuffled in Gen.Shuffle(heap)
            select (heap, shuffled);

        Prop.ForAll(cases.ToArbitrary(), c => Sum(c.heap) == Sum(c.shuffled)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void IncrementalAddAndSubtract_EqualsRecomputation()
    {
        // A heap of distinct producers, then a run of writes: each upserts (new seq) or deletes one producer.
        var scenarios =
            from initial in Gen.Choose(0, 20)
            from ops in Gen.Zip(Gen.Choose(0, 25), Gen.Elements(true, false)).ArrayOf()
            select (initial, ops);

        Prop.ForAll(scenarios.ToArbitrary(), s =>
        {
            var live = new Dictionary<string, long>(StringComparer.Ordinal);
            ulong running = 0;
            long seq = 0;
            void Upsert(string id)
            {
                if (live.TryGetValue(id, out var old))
                {
                    running = unchecked(running - DigestHash.Of(id, old));
                }

                live[id] = ++seq;
                running = unchecked(running + DigestHash.Of(id, seq));
            }

            for (var i = 0; i < s.initial; i++)
            {
                Upsert($"p-{i}");
            }

            foreach (var (target, delete) in s.ops)
            {
                var id = $"p-{target}";
                if (delete)
                {
                    if (live.Remove(id, out var old))
                    {
                        running = unchecked(running - DigestHash.Of(id, old));
                    }
                }
                else
                {
                    Upsert(id);
                }
            }

            return running == Sum(live.Select(kv => (kv.Key, kv.Value)));
        }).QuickCheckThrowOnFailure();
    }

    [Property]
    public bool WrappingSum_AddThenSubtract_IsIdentity(ulong start, NonNull<string> id, long seq) =>
        unchecked(start + DigestHash.Of(id.Get, seq) - DigestHash.Of(id.Get, seq)) == start;
}
