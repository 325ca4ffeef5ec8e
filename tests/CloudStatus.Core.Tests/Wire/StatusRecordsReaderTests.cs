using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CloudStatus.Core.Model;
using CloudStatus.Core.Tests.Support;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Tests.Wire;

/// <summary><see cref="WireContract.StatusBatchForReading"/> (what <see cref="BatchCodec"/> decodes with) against the generated reader.</summary>
public sealed class StatusRecordsReaderTests
{
    /// <summary>Every member of a record set to something other than its default.</summary>
    private static readonly StatusRecord Full = new()
    {
        ProducerId = "srv-01.sw-01.dev-001",
        Kind = ProducerKind.Device,
        ParentId = "srv-01.sw-01",
        Seq = 11,
        LocalTimestamp = Batches.At.AddMinutes(-1),
        Health = Health.Degraded,
        State = """{"calls":2,"temp":41.5}""",
        Config = """{"ip":"10.0.0.7"}""",
        Deleted = true,
        Silent = true,
        Event = RecordEvents.Reboot,
        Flapping = true,
        Mac = "00:11:22:33:44:55",
        Base = 7,
        StatePatch = """{"calls":3}""",
        AgeTicks = 12_345,
        Ip = "10.0.0.7",
    };

    [Fact]
    public void Full_SetsEveryMemberOfTheContract()
    {
        // A member added to StatusRecord must be added here (and so to the reader, or the next test fails).
        var unset = typeof(StatusRecord).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Where(p => Equals(p.GetValue(Full), p.PropertyType.IsValueType ? Activator.CreateInstance(p.PropertyType) : null))
            .Select(p => p.Name);

        Assert.Empty(unset);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Decode_EveryMember_ReadsAsTheGeneratedReaderDoes(bool asAge)
    {
        var record = asAge ? Full : Full with { AgeTicks = null };
        var json = BatchCodec.Encode(Batches.Batch(11, 11, [record, Batches.Record("srv-01.p2", 12)]) with { SeqTo = 12 }, gzip: false);

        var generated = JsonSerializer.Deserialize(json, StatusBatchJsonContext.Default.StatusBatch)!;
        var decoded = JsonSerializer.Deserialize(json, WireContract.StatusBatchForReading)!;

        Assert.Equal(generated.Records, decoded.Records);
        Assert.Equal(generated with { Records = [] }, decoded with { Records = [] });
    }

    [Theory]
    [InlineData("""{"producerId":"p","seq":1,"health":1}""", Health.Online)]
    [InlineData("""{"producerId":"p","seq":1,"health":"offline"}""", Health.Offline)]
    [InlineData("""{"producerId":"p","seq":1,"future":{"a":[1,{"b":2}]},"health":"degraded","more":null}""", Health.Degraded)]
    [InlineData("""{"seq":1,"producerId":"p"}""", Health.Unknown)]
    public void Decode_MembersInAnyOrderAndUnknownOnes_AsTheGeneratedReader(string recordJson, Health health)
    {
        var json = Body(recordJson);

        var generated = JsonSerializer.Deserialize(json, StatusBatchJsonContext.Default.StatusBatch)!.Records[0];
        var decoded = JsonSerializer.Deserialize(json, WireContract.StatusBatchForReading)!.Records[0];

        Assert.Equal(generated, decoded);
        Assert.Equal(health, decoded.Health);
    }

    [Theory]
    [InlineData("""{"seq":1}""")]
    [InlineData("""{"producerId":"p"}""")]
    [InlineData("""{"producerId":"p","seq":"1"}""")]
    [InlineData("""{"producerId":"p","seq":1,"deleted":null}""")]
    [InlineData("""{"producerId":"p","seq":1,"health":"purple"}""")]
    [InlineData("""{"producerId":"p","seq":1,"state":[1]}""")]
    [InlineData("""{"producerId":"p","seq":1,"localTimestamp":"yesterday"}""")]
    [InlineData("""[1]""")]
    public void Decode_RecordTheGeneratedReaderRefuses_IsRefusedToo(string recordJson)
    {
        var json = Body(recordJson);

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, StatusBatchJsonContext.Default.StatusBatch));
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, WireContract.StatusBatchForReading));
    }

    private static byte[] Body(string recordJson)
    {
        var empty = Encoding.UTF8.GetString(BatchCodec.Encode(Batches.Batch(1, 1), gzip: false));
        return Encoding.UTF8.GetBytes(empty[..^1] + ",\"records\":[" + recordJson + "]}");
    }
}
