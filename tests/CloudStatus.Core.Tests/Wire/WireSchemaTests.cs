using System.Text;
using CloudStatus.Core.Model;
using CloudStatus.Core.Tests.Support;
using CloudStatus.Core.Wire;
using NJsonSchema;

namespace CloudStatus.Core.Tests.Wire;

/// <summary>docs/statusbatch-v1.schema.json and the codec describe the same format: what the codec writes validates.</summary>
public sealed class WireSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromFileAsync(Path.Combine(AppContext.BaseDirectory, "statusbatch-v1.schema.json")).GetAwaiter().GetResult());

    [Fact]
    public void Encode_FullBatch_ValidatesAgainstTheSchema()
    {
        var batch = Batches.Batch(1, 3, [
            Batches.Record("srv-01.sw-01.dev-001", 1, """{"calls":2}"""),
            Batches.Record("srv-01.sw-01.dev-002", 3, health: Health.Degraded) with { Deleted = true, Event = RecordEvents.Delete, Config = """{"vlan":10}""" },
        ]) with
        {
            Connectivity = [new ConnectivityEntry { SwitchId = "srv-01.sw-01", Mode = ConnectivityMode.Disconnected, Switches = ["srv-01.sw-02"] }],
        };

        Assert.Empty(Validate(batch));
    }

    [Fact]
    public void Encode_BatchWithFences_ValidatesAgainstTheSchema()
    {
        var batch = Batches.Batch(1, 1, [Batches.Record("srv-01.sw-01.dev-001", 1)]) with
        {
            Fence = 1,
            Fences = new Dictionary<string, long> { ["srv-01"] = 1, ["srv-02"] = 4 },
        };

        Assert.Empty(Validate(batch));
        Assert.NotEmpty(Validate(batch with { Fences = new Dictionary<string, long> { ["srv-02"] = 0 } }));
    }

    [Fact]
    public void Encode_HeartbeatWithDigest_ValidatesAgainstTheSchema()
    {
        var heartbeat = Batches.Batch(9, 9, kind: BatchKind.Heartbeat) with
        {
            Digest = new HeapDigest { Count = 2, MaxSeq = 9, Hash = DigestHash.Format(DigestHash.Of("srv-01.sw-01", 9)) },
        };

        Assert.Empty(Validate(heartbeat));
    }

    [Fact]
    public void Encode_BatchWithRegistration_ValidatesAgainstTheSchema()
    {
        var batch = Batches.Batch(9, 9, kind: BatchKind.Heartbeat) with
        {
            Registration = new ServerRegistration
            {
                SoftwareVersion = "1.2.3+abc", Adapters = ["http"], ProducerKinds = ["switch"], Subtrees = ["srv-01"], FailoverPeer = "srv-02", LanAddress = "10.0.0.1:7443",
            },
        };

        Assert.Empty(Validate(batch));
    }

    [Fact]
    public void Validate_RegistrationWithSpaceInLanAddress_IsRejectedBySchema()
    {
        var batch = Batches.Batch(9, 9, kind: BatchKind.Heartbeat) with { Registration = new ServerRegistration { SoftwareVersion = "1", LanAddress = "a b" } };

        Assert.NotEmpty(Validate(batch));
    }

    [Theory]
    [InlineData("\"schema\":\"cloudstatus.batch/v1\"", "\"schema\":\"cloudstatus.batch/v9\"")]
    [InlineData("\"health\":\"online\"", "\"health\":\"fine\"")]
    [InlineData("\"producerId\":\"srv-01.sw-01.dev-001\"", "\"producerId\":\"bad id\"")]
    [InlineData("\"kind\":\"periodic\"", "\"kind\":\"daily\"")]
    [InlineData("\"seqFrom\":1", "\"seqFrom\":-1")]
    public void Validate_BrokenField_IsRejectedBySchema(string field, string broken)
    {
        var json = Encoding.UTF8.GetString(BatchCodec.Encode(Batches.Batch(1, 1, [Batches.Record("srv-01.sw-01.dev-001", 1)]), gzip: false));
        Assert.Contains(field, json, StringComparison.Ordinal);

        Assert.NotEmpty(Schema.Value.Validate(json.Replace(field, broken, StringComparison.Ordinal)));
    }

    private static ICollection<NJsonSchema.Validation.ValidationError> Validate(StatusBatch batch) =>
        Schema.Value.Validate(Encoding.UTF8.GetString(BatchCodec.Encode(batch, gzip: false)));
}
