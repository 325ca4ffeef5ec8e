using CloudStatus.Core.Tests.Support;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Tests.Wire;

public class BatchValidationTests
{
    private static StatusBatch Valid() => Batches.Batch(5, 9, [Batches.Record("srv-01.sw-01.dev-1", 5), Batches.Record("srv-01.sw-01.dev-2", 9)]);

    private static StatusBatch WithRecord(Func<StatusRecord, StatusRecord> change) => Valid() with
    {
        Records = [Batches.Record("srv-01.sw-01.dev-1", 5), change(Batches.Record("srv-01.sw-01.dev-2", 9))],
    };

    [Fact]
    public void Validate_ValidBatches_Null()
    {
        Assert.Null(BatchValidation.Validate(Valid()));
        Assert.Null(BatchValidation.Validate(Batches.FullyPopulated()));
        Assert.Null(BatchValidation.Validate(Batches.Batch(0, 0, kind: BatchKind.Heartbeat)));
        Assert.Null(BatchValidation.Validate(Batches.Batch(7, 7, kind: BatchKind.Resync)));
    }

    public static TheoryData<string, string> Cases => new()
    {
        { "schema", "Unknown schema 'cloudstatus.batch/v0'; expected 'cloudstatus.batch/v1'." },
        { "serverId", "Invalid serverId 'srv 01'." },
        { "serverIdEmpty", "Invalid serverId ''." },
        { "tenantId", "tenantId and siteId must be 1–128 characters of [A-Za-z0-9._:-]." },
        { "siteId", "tenantId and siteId must be 1–128 characters of [A-Za-z0-9._:-]." },
        { "epochBlank", "epoch must be a non-empty string of at most 64 characters." },
        { "epochLong", "epoch must be a non-empty string of at most 64 characters." },
        { "seqFromNegative", "Invalid sequence range [-1, 9]." },
        { "seqToBelowFrom", "Invalid sequence range [5, 4]." },
        { "heartbeatWithRecords", "A heartbeat carries no records." },
        { "nullRecord", "records[] contains null." },
        { "producerId", "Invalid producerId 'dev/2'." },
        { "parentId", "Invalid parentId 'sw 1' on producer 'srv-01.sw-01.dev-2'." },
        { "kindBlank", "Producer 'srv-01.sw-01.dev-2' has no kind." },
        { "kindLong", "Producer 'srv-01.sw-01.dev-2' has no kind." },
        { "seqAbove", "Record 'srv-01.sw-01.dev-2' has seq 10 outside the batch range [5, 9]." },
        { "seqBelow", "Record 'srv-01.sw-01.dev-2' has seq 4 outside the batch range [5, 9]." },
        { "connectivityNull", "connectivity[] entries need a valid switchId and a switches list." },
        { "connectivitySwitchId", "connectivity[] entries need a valid switchId and a switches list." },
        { "connectivityList", "connectivity[] entries need a valid switchId and a switches list." },
        { "recordsMissing", "records[] and connectivity[] must be present (empty when there is nothing to say)." },
        { "connectivityMissing", "records[] and connectivity[] must be present (empty when there is nothing to say)." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_BrokenRule_ReturnsReason(string rule, string reason)
    {
        var batch = rule switch
        {
            "schema" => Valid() with { Schema = "cloudstatus.batch/v0" },
            "serverId" => Valid() with { ServerId = "srv 01" },
            "serverIdEmpty" => Valid() with { ServerId = "" },
            "tenantId" => Valid() with { TenantId = new string('t', 129) },
            "siteId" => Valid() with { SiteId = "site#1" },
            "epochBlank" => Valid() with { Epoch = "  " },
            "epochLong" => Valid() with { Epoch = new string('e', 65) },
            "seqFromNegative" => Valid() with { SeqFrom = -1 },
            "seqToBelowFrom" => Valid() with { SeqTo = 4, Records = [] },
            "heartbeatWithRecords" => Valid() with { Kind = BatchKind.Heartbeat },
            "nullRecord" => Valid() with { Records = [Batches.Record("srv-01.sw-01.dev-1", 5), null!] },
            "producerId" => WithRecord(r => r with { ProducerId = "dev/2" }),
            "parentId" => WithRecord(r => r with { ParentId = "sw 1" }),
            "kindBlank" => WithRecord(r => r with { Kind = " " }),
            "kindLong" => WithRecord(r => r with { Kind = new string('k', 65) }),
            "seqAbove" => WithRecord(r => r with { Seq = 10 }),
            "seqBelow" => WithRecord(r => r with { Seq = 4 }),
            "connectivityNull" => Valid() with { Connectivity = [null!] },
            "connectivitySwitchId" => Valid() with { Connectivity = [new ConnectivityEntry { SwitchId = "sw 1", Mode = ConnectivityMode.Connected, Switches = [] }] },
            "connectivityList" => Valid() with { Connectivity = [new ConnectivityEntry { SwitchId = "sw-1", Mode = ConnectivityMode.Connected, Switches = null! }] },
            "recordsMissing" => Valid() with { Records = null! },
            "connectivityMissing" => Valid() with { Connectivity = null! },
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };

        Assert.Equal(reason, BatchValidation.Validate(batch));
    }

    [Fact]
    public void Validate_LimitsAreInclusive_Null()
    {
        var batch = Valid() with
        {
            ServerId = new string('s', 128),
            Epoch = new string('e', 64),
            Records = [Batches.Record("srv-01.sw-01.dev-1", 5) with { Kind = new string('k', 64), ParentId = null }],
        };

        Assert.Null(BatchValidation.Validate(batch));
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsTheFirst()
    {
        var batch = Valid() with { Schema = "x", ServerId = "bad id" };

        Assert.StartsWith("Unknown schema", BatchValidation.Validate(batch), StringComparison.Ordinal);
    }
}
