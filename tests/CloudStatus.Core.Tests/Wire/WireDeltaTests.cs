using System.Text;
using CloudStatus.Core.Model;
using CloudStatus.Core.Tests.Support;
using CloudStatus.Core.Wire;
using NJsonSchema;

namespace CloudStatus.Core.Tests.Wire;

/// <summary>Delta records, ages and left-out defaults: what the codec writes, reads back and refuses, and the schema agrees.</summary>
public sealed class WireDeltaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "statusbatch-v1.schema.json")).GetAwaiter().GetResult());

    private static StatusRecord Delta(long seq, long baseSeq) => new()
    {
        ProducerId = "srv-01.sw-01.dev-001",
        Seq = seq,
        Base = baseSeq,
        Health = Health.Offline,
        StatePatch = """{"calls":4}""",
        LocalTimestamp = Batches.At.AddSeconds(-1),
        AgeTicks = TimeSpan.FromSeconds(1).Ticks,
    };

    [Fact]
    public void Encode_DeltaWithAge_WritesOnlyWhatChangedAndReadsBackItsTimestamp()
    {
        var batch = Batches.Batch(5, 5, [Delta(5, 2)]);

        var json = Encoding.UTF8.GetString(BatchCodec.Encode(batch, gzip: false));
        var decoded = BatchCodec.Decode(Encoding.UTF8.GetBytes(json), WireConstants.Utf8Encoding).Records.Single();

        Assert.Contains("""{"producerId":"srv-01.sw-01.dev-001","seq":5,"health":"offline","base":2,"statePatch":{"calls":4},"ageTicks":10000000}""", json, StringComparison.Ordinal);
        Assert.DoesNotContain("connectivity", json, StringComparison.Ordinal);
        Assert.Equal((2L, """{"calls":4}""", Batches.At.AddSeconds(-1)), (decoded.Base!.Value, decoded.StatePatch, decoded.LocalTimestamp));
        Assert.Empty(Schema.Value.Validate(json));
    }

    [Fact]
    public void Encode_FullRecordWithFalseFlags_LeavesThemOutAndOldBodiesWithThemStillRead()
    {
        var record = Batches.Record("srv-01.sw-01.dev-001", 1, """{"calls":2}""");
        var json = Encoding.UTF8.GetString(BatchCodec.Encode(Batches.Batch(1, 1, [record]), gzip: false));
        var old = json.Replace("\"state\":{\"calls\":2}", "\"state\":{\"calls\":2},\"deleted\":false,\"silent\":false,\"flapping\":false", StringComparison.Ordinal);

        Assert.DoesNotContain("false", json, StringComparison.Ordinal);
        Assert.NotEqual(json, old);
        Assert.Equal(record, BatchCodec.Decode(Encoding.UTF8.GetBytes(old), null).Records.Single());
        Assert.Empty(Schema.Value.Validate(old));
    }

    [Theory]
    [InlineData(-1L, BatchKind.Periodic, false, false, "base -1")]
    [InlineData(6L, BatchKind.Periodic, false, false, "base 6")]
    [InlineData(2L, BatchKind.Resync, false, false, "a resync carries full records")]
    [InlineData(2L, BatchKind.Periodic, true, false, "a tombstone is sent as a full record")]
    [InlineData(2L, BatchKind.Periodic, false, true, "both state and statePatch")]
    public void Validate_DeltaBreakingARule_IsRefused(long baseSeq, BatchKind kind, bool deleted, bool state, string reason)
    {
        var delta = Delta(5, baseSeq) with { Deleted = deleted, State = state ? """{"calls":4}""" : null };

        Assert.Contains(reason, BatchValidation.Validate(Batches.Batch(5, 5, [delta], kind)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FullRecordWithoutKindOrWithAPatch_IsRefused()
    {
        var noKind = Batches.Record("srv-01.sw-01.dev-001", 1) with { Kind = string.Empty };
        var patched = Batches.Record("srv-01.sw-01.dev-001", 1) with { StatePatch = "{}" };

        Assert.Contains("has no kind", BatchValidation.Validate(Batches.Batch(1, 1, [noKind])), StringComparison.Ordinal);
        Assert.Contains("no base", BatchValidation.Validate(Batches.Batch(1, 1, [patched])), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"base\":2", "\"base\":2,\"deleted\":true")]
    [InlineData("\"base\":2", "\"base\":2,\"state\":{}")]
    [InlineData("\"base\":2,", "")]
    [InlineData("\"ageTicks\":10000000", "\"ageTicks\":-1")]
    public void Validate_BrokenDelta_IsRejectedBySchema(string field, string broken)
    {
        var json = Encoding.UTF8.GetString(BatchCodec.Encode(Batches.Batch(5, 5, [Delta(5, 2)]), gzip: false));
        Assert.Contains(field, json, StringComparison.Ordinal);

        Assert.NotEmpty(Schema.Value.Validate(json.Replace(field, broken, StringComparison.Ordinal)));
    }

    [Fact]
    public void Decode_AgeOutOfRange_IsAFormatError()
    {
        var json = Encoding.UTF8.GetString(BatchCodec.Encode(Batches.Batch(5, 5, [Delta(5, 2) with { AgeTicks = long.MaxValue }]), gzip: false));

        Assert.Throws<BatchFormatException>(() => BatchCodec.Decode(Encoding.UTF8.GetBytes(json), null));
    }
}
