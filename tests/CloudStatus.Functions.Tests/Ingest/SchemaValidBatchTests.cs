using System.Text;
using System.Text.Json.Nodes;
using CloudStatus.Functions.Tests.Support;
using NJsonSchema;

namespace CloudStatus.Functions.Tests.Ingest;

/// <summary>
/// The published schema and the ingest agree: a batch that holds only what docs/statusbatch-v1.schema.json requires
/// (built from the schema's own <c>required</c> lists) validates and is applied, not dead-lettered.
/// </summary>
public sealed class SchemaValidBatchTests : IAsyncLifetime
{
    private static readonly string SchemaPath = Path.Combine(AppContext.BaseDirectory, "statusbatch-v1.schema.json");

    // A value for every member the schema may require; a newly required member without one fails the test.
    private static readonly Dictionary<string, JsonNode> Samples = new(StringComparer.Ordinal)
    {
        ["schema"] = "cloudstatus.batch/v1",
        ["tenantId"] = Batches.Tenant,
        ["siteId"] = Batches.Site,
        ["serverId"] = Batches.Server,
        ["epoch"] = Batches.Epoch,
        ["sentAt"] = "2030-01-01T00:00:00+00:00",
        ["producerId"] = Batches.Server + ".sw-01",
        ["seq"] = 1,
        ["localTimestamp"] = "2030-01-01T00:00:00+00:00",
        ["health"] = "online",
        ["switchId"] = Batches.Server + ".sw-01",
        ["mode"] = "disconnected",
        ["switches"] = new JsonArray(),
    };

    private readonly CentralHarness _central = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task Apply_HeartbeatWithOnlyRequiredMembers_IsApplied()
    {
        var batch = Required(Root(), "#");
        batch["kind"] = "heartbeat";
        batch["seqFrom"] = 0;
        batch["seqTo"] = 0;

        await AssertAppliedAsync(batch);
    }

    [Fact]
    public async Task Apply_RecordsWithOnlyRequiredMembersAndNoConnectivity_IsApplied()
    {
        var batch = Required(Root(), "#");
        batch["kind"] = "periodic";
        batch["seqFrom"] = 1;
        batch["seqTo"] = 1;
        var record = Required(Definition("record"), "record");
        record["kind"] = "switch";
        batch["records"] = new JsonArray(record);

        await AssertAppliedAsync(batch);
        Assert.Single(await _central.Producers.ListAsync(Batches.Server));
    }

    [Fact]
    public async Task Apply_ConnectivityWithoutRecords_IsApplied()
    {
        var batch = Required(Root(), "#");
        batch["kind"] = "periodic";
        batch["seqFrom"] = 0;
        batch["seqTo"] = 0;
        batch["connectivity"] = new JsonArray(Required(Definition("connectivity"), "connectivity"));

        await AssertAppliedAsync(batch);
    }

    [Fact]
    public async Task Apply_RecordWithMacAndIp_IsAppliedAndTheCentralRowHasThem()
    {
        var batch = RecordBatch(mac: "02:00:5e:10:00:01", ip: "10.0.1.5");

        await AssertAppliedAsync(batch);
        var row = Assert.Single(await _central.Producers.ListAsync(Batches.Server));
        Assert.Equal(("02:00:5e:10:00:01", "10.0.1.5"), (row.Mac, row.Ip));
    }

    [Theory]
    [InlineData("02:00:5E:10:00:01", null, "mac")]
    [InlineData("02-00-5e-10-00-01", null, "mac")]
    [InlineData(null, "10.1", "ip")]
    [InlineData(null, "not-an-ip", "ip")]
    public async Task Apply_RecordWithAnUnnormalizedAddress_IsRefusedBySchemaAndIngest(string? mac, string? ip, string field)
    {
        var json = RecordBatch(mac, ip).ToJsonString();
        var schema = await JsonSchema.FromFileAsync(SchemaPath);

        Assert.NotEmpty(schema.Validate(json));
        var outcome = await _central.ApplyAsync(Batches.Message(Encoding.UTF8.GetBytes(json), null, Batches.Server));
        Assert.True(outcome.DeadLettered);
        Assert.Contains($"has {field} '", outcome.DeadLetterReason, StringComparison.Ordinal);
    }

    private static JsonObject RecordBatch(string? mac, string? ip)
    {
        var batch = Required(Root(), "#");
        batch["kind"] = "periodic";
        batch["seqFrom"] = 1;
        batch["seqTo"] = 1;
        var record = Required(Definition("record"), "record");
        record["kind"] = "switch";
        if (mac is not null)
        {
            record["mac"] = mac;
        }

        if (ip is not null)
        {
            record["ip"] = ip;
        }

        batch["records"] = new JsonArray(record);
        return batch;
    }

    private static JsonObject Root() => JsonNode.Parse(File.ReadAllText(SchemaPath))!.AsObject();

    private static JsonObject Definition(string name) => Root()["definitions"]![name]!.AsObject();

    /// <summary>
    /// An object holding exactly the members <paramref name="schema"/> requires (kinds and sequences set by the test):
    /// its <c>required</c> list, and where <c>allOf</c> offers alternatives (a record's timestamp or age, a full record or
    /// a delta) the first one's — the full form an edge of any version writes.
    /// </summary>
    private static JsonObject Required(JsonObject schema, string where)
    {
        var result = new JsonObject();
        var alternatives = (schema["allOf"]?.AsArray() ?? [])
            .Select(part => (part!["anyOf"] ?? part["oneOf"])!.AsArray()[0]!["required"]!.AsArray());
        foreach (var member in alternatives.Prepend(schema["required"]!.AsArray()).SelectMany(a => a).Select(m => m!.GetValue<string>()))
        {
            if (member is "kind" or "seqFrom" or "seqTo")
            {
                continue;
            }

            Assert.True(Samples.TryGetValue(member, out var value), $"no sample for required member '{member}' of {where}");
            result[member] = value.DeepClone();
        }

        return result;
    }

    private async Task AssertAppliedAsync(JsonObject batch)
    {
        var json = batch.ToJsonString();
        var schema = await JsonSchema.FromFileAsync(SchemaPath);
        Assert.Empty(schema.Validate(json));

        var outcome = await _central.ApplyAsync(Batches.Message(Encoding.UTF8.GetBytes(json), null, Batches.Server));

        Assert.False(outcome.DeadLettered, outcome.DeadLetterReason);
        Assert.NotNull(await _central.Servers.GetAsync(Batches.Server));
    }
}
