using System.Text;
using CloudStatus.Core.Tests.Support;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Tests.Wire;

public class BatchCodecTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EncodeDecode_FullyPopulated_RoundTrips(bool gzip)
    {
        var batch = Batches.FullyPopulated();

        var body = BatchCodec.Encode(batch, gzip);
        var decoded = BatchCodec.Decode(body, gzip ? WireConstants.GzipEncoding : null);

        AssertSame(batch, decoded);
    }

    [Fact]
    public void Encode_Plain_IsCamelCaseJsonWithoutNulls()
    {
        var json = Encoding.UTF8.GetString(BatchCodec.Encode(Batches.Batch(1, 1, [Batches.Record("p-1", 1)]), gzip: false));

        Assert.StartsWith("{\"schema\":\"cloudstatus.batch/v1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"periodic\"", json, StringComparison.Ordinal);
        Assert.Contains("\"health\":\"online\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"digest\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_Gzip_StartsWithMagicBytes()
    {
        var body = BatchCodec.Encode(Batches.Batch(1, 1), gzip: true);

        Assert.Equal(0x1F, body[0]);
        Assert.Equal(0x8B, body[1]);
    }

    [Fact]
    public void Decode_GzipWithoutContentEncoding_DetectedByMagicBytes()
    {
        var batch = Batches.Large(50, 100);

        var decoded = BatchCodec.Decode(BatchCodec.Encode(batch, gzip: true), contentEncoding: null);

        AssertSame(batch, decoded);
    }

    [Fact]
    public void Decode_GzipMemoryInsideALargerArray_InflatesPastThePooledBufferAndRoundTrips()
    {
        var batch = Batches.Large(400, 200); // inflates to ~100 KB, several times the first pooled buffer
        var body = BatchCodec.Encode(batch, gzip: true);
        var framed = new byte[body.Length + 7];
        body.CopyTo(framed, 3);

        var decoded = BatchCodec.Decode(new ReadOnlyMemory<byte>(framed, 3, body.Length), WireConstants.GzipEncoding);

        AssertSame(batch, decoded);
    }

    [Fact]
    public void Decode_CorruptGzipMemory_ThrowsNotValidGzip()
    {
        ReadOnlyMemory<byte> body = new byte[] { 0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF };

        var ex = Assert.Throws<BatchFormatException>(() => BatchCodec.Decode(body, contentEncoding: null));

        Assert.StartsWith("Body is not valid gzip", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("utf-8")]
    [InlineData("UTF8")]
    [InlineData("identity")]
    public void Decode_PlainWithTextEncodings_Accepted(string encoding)
    {
        var decoded = BatchCodec.Decode(BatchCodec.Encode(Batches.Batch(3, 3), gzip: false), encoding);

        Assert.Equal(3, decoded.SeqTo);
    }

    [Fact]
    public void Decode_UnknownContentEncoding_Throws()
    {
        var ex = Assert.Throws<BatchFormatException>(() => BatchCodec.Decode(BatchCodec.Encode(Batches.Batch(1, 1), false), "br"));

        Assert.Contains("Unsupported content encoding 'br'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_GzipHeaderButCorruptDeflateData_ThrowsNotValidGzip()
    {
        // A complete gzip header, then a deflate block of the reserved type 11: invalid data.
        byte[] body = [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF];

        var ex = Assert.Throws<BatchFormatException>(() => BatchCodec.Decode(body, WireConstants.GzipEncoding));

        Assert.StartsWith("Body is not valid gzip", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TruncatedGzip_Rejected()
    {
        var body = BatchCodec.Encode(Batches.Large(20, 100), gzip: true);

        Assert.Throws<BatchFormatException>(() => BatchCodec.Decode(body.AsSpan(0, body.Length / 2), contentEncoding: null));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"schema\":\"cloudstatus.batch/v1\"}")]
    [InlineData("[1,2]")]
    public void Decode_NotABatch_Throws(string text)
    {
        var ex = Assert.Throws<BatchFormatException>(() => BatchCodec.Decode(Encoding.UTF8.GetBytes(text), null));

        Assert.StartsWith("Body is not a StatusBatch v1 JSON document", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_JsonNull_Throws()
    {
        var ex = Assert.Throws<BatchFormatException>(() => BatchCodec.Decode("null"u8, null));

        Assert.Equal("Body is JSON null, not a StatusBatch.", ex.Message);
    }

    [Fact]
    public void Decode_StateNotAnObject_Throws()
    {
        var json = Encoding.UTF8.GetString(BatchCodec.Encode(Batches.Batch(1, 1, [Batches.Record("p", 1, """{"a":1}""")]), false))
            .Replace("{\"a\":1}", "[1]", StringComparison.Ordinal);

        Assert.Throws<BatchFormatException>(() => BatchCodec.Decode(Encoding.UTF8.GetBytes(json), null));
    }

    [Fact]
    public void Decode_ValidJsonBreakingRules_ThrowsWithValidationReason()
    {
        var body = BatchCodec.Encode(Batches.Batch(1, 1) with { Schema = "cloudstatus.batch/v2" }, gzip: false);

        var ex = Assert.Throws<BatchFormatException>(() => BatchCodec.Decode(body, null));

        Assert.Equal("Unknown schema 'cloudstatus.batch/v2'; expected 'cloudstatus.batch/v1'.", ex.Message);
    }

    [Fact]
    public void Decode_ArraysLeftOut_ReadAsEmptyNotNull()
    {
        // The schema does not require records[] or connectivity[] (issue 14): absent means empty, never a null list.
        // The codec leaves empty ones out itself (issue 15).
        var json = Encoding.UTF8.GetString(BatchCodec.Encode(Batches.Batch(1, 1), gzip: false));
        Assert.DoesNotContain("records", json, StringComparison.Ordinal);
        Assert.DoesNotContain("connectivity", json, StringComparison.Ordinal);

        var batch = BatchCodec.Decode(Encoding.UTF8.GetBytes(json), null);

        Assert.NotNull(batch.Records);
        Assert.NotNull(batch.Connectivity);
        Assert.Empty(batch.Records);
        Assert.Empty(batch.Connectivity);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EncodeSplit_SmallBatch_OnePartSameBatch(bool gzip)
    {
        var batch = Batches.Large(10, 10);

        var part = Assert.Single(BatchCodec.EncodeSplit(batch, gzip));

        Assert.Same(batch, part.Batch);
        Assert.Equal(gzip ? WireConstants.GzipEncoding : null, part.ContentEncoding);
        Assert.Equal("srv-01:e-7f3a:Periodic:1-10", part.MessageId);
    }

    [Theory]
    [InlineData(false, 1_000, 600, WireConstants.MaxMessageBytes)]
    [InlineData(true, 3_000, 600, 16 * 1024)]
    [InlineData(false, 333, 50, 4 * 1024)]
    public void EncodeSplit_LargeBatch_ContiguousPartsWithinLimitKeepingEveryRecordOnceInOrder(bool gzip, int count, int stateBytes, int maxBytes)
    {
        // Drop every third record so the range has holes (superseded seqs), and shift the range start.
        var full = Batches.Large(count, stateBytes);
        var records = full.Records.Where(r => r.Seq % 3 != 0).ToArray();
        var batch = full with { SeqFrom = 0, SeqTo = count + 5, Records = records, Connectivity = Batches.FullyPopulated().Connectivity };

        var parts = BatchCodec.EncodeSplit(batch, gzip, maxBytes);

        Assert.True(parts.Count > 1);
        Assert.Equal(batch.SeqFrom, parts[0].Batch.SeqFrom);
        Assert.Equal(batch.SeqTo, parts[^1].Batch.SeqTo);
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            Assert.True(part.Body.Length <= maxBytes, $"part {i} is {part.Body.Length} bytes");
            if (i > 0)
            {
                Assert.Equal(parts[i - 1].Batch.SeqTo + 1, part.Batch.SeqFrom);
            }

            var decoded = BatchCodec.Decode(part.Body, part.ContentEncoding);
            AssertSame(part.Batch, decoded);
            Assert.Null(BatchValidation.Validate(decoded));
            Assert.Equal(i == 0 ? 1 : 0, decoded.Connectivity.Count);
        }

        var sent = parts.SelectMany(p => BatchCodec.Decode(p.Body, p.ContentEncoding).Records).Select(r => r.Seq).ToArray();
        Assert.Equal(records.Select(r => r.Seq), sent);
    }

    [Fact]
    public void EncodeSplit_UnorderedRecords_PartsAreInSeqOrder()
    {
        var batch = Batches.Large(400, 200);
        var shuffled = batch with { Records = batch.Records.OrderBy(r => (r.Seq * 7919) % 401).ToArray() };

        var parts = BatchCodec.EncodeSplit(shuffled, gzip: false, maxBytes: 8 * 1024);

        var seqs = parts.SelectMany(p => p.Batch.Records).Select(r => r.Seq).ToArray();
        Assert.Equal(Enumerable.Range(1, 400).Select(i => (long)i), seqs);
    }

    [Fact]
    public void EncodeSplit_SingleOversizeRecord_Throws()
    {
        var batch = Batches.Large(1, 5_000);

        var ex = Assert.Throws<InvalidOperationException>(() => BatchCodec.EncodeSplit(batch, gzip: false, maxBytes: 1_024));

        Assert.Contains("srv-01.sw-01.dev-00000", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EncodeSplit_OneOversizeRecordAmongMany_Throws()
    {
        var batch = Batches.Large(20, 50);
        var records = batch.Records.ToArray();
        records[7] = records[7] with { State = $$"""{"blob":"{{new string('x', 5_000)}}"}""" };

        Assert.Throws<InvalidOperationException>(() => BatchCodec.EncodeSplit(batch with { Records = records }, gzip: false, maxBytes: 2_048));
    }

    private static void AssertSame(StatusBatch expected, StatusBatch actual)
    {
        Assert.Equal(expected with { Records = [], Connectivity = [] }, actual with { Records = [], Connectivity = [] });
        Assert.Equal(expected.Records, actual.Records);
        Assert.Equal(expected.Connectivity.Count, actual.Connectivity.Count);
        for (var i = 0; i < expected.Connectivity.Count; i++)
        {
            Assert.Equal(expected.Connectivity[i].SwitchId, actual.Connectivity[i].SwitchId);
            Assert.Equal(expected.Connectivity[i].Mode, actual.Connectivity[i].Mode);
            Assert.Equal(expected.Connectivity[i].Switches, actual.Connectivity[i].Switches);
        }
    }
}
