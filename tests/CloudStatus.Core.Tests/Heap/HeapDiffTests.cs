using CloudStatus.Core.Heap;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Tests.Heap;

public class HeapDiffTests
{
    private static readonly StatusRecord Existing = new()
    {
        ProducerId = "srv-01.sw-01.dev-1",
        Kind = ProducerKind.Device,
        ParentId = "srv-01.sw-01",
        Seq = 42,
        LocalTimestamp = DateTimeOffset.UnixEpoch,
        Health = Health.Online,
        State = """{"calls":1}""",
        Config = """{"ip":"10.0.0.1"}""",
        Event = RecordEvents.Reboot,
    };

    private static bool Same(StatusRecord? existing) => HeapDiff.IsChange(
        existing, ProducerKind.Device, "srv-01.sw-01", Health.Online, """{"calls":1}""", """{"ip":"10.0.0.1"}""", silent: false, flapping: false);

    [Fact]
    public void IsChange_NoRecord_True()
    {
        Assert.True(Same(null));
    }

    [Fact]
    public void IsChange_Tombstone_True()
    {
        Assert.True(Same(Existing with { Deleted = true }));
    }

    [Fact]
    public void IsChange_Identical_False()
    {
        Assert.False(Same(Existing));
    }

    [Fact]
    public void IsChange_OnlySeqTimestampOrEventDiffer_False()
    {
        Assert.False(Same(Existing with { Seq = 7, LocalTimestamp = DateTimeOffset.MaxValue, Event = null }));
    }

    public static TheoryData<string> Differences => new()
    {
        "kind", "parent", "parentNull", "health", "state", "stateNull", "stateWhitespace", "config", "configNull", "silent", "flapping",
    };

    [Theory]
    [MemberData(nameof(Differences))]
    public void IsChange_AnyFieldDiffers_True(string field)
    {
        var record = field switch
        {
            "kind" => Existing with { Kind = ProducerKind.Port },
            "parent" => Existing with { ParentId = "srv-01.sw-02" },
            "parentNull" => Existing with { ParentId = null },
            "health" => Existing with { Health = Health.Degraded },
            "state" => Existing with { State = """{"calls":2}""" },
            "stateNull" => Existing with { State = null },
            "stateWhitespace" => Existing with { State = """{ "calls":1}""" },
            "config" => Existing with { Config = """{"ip":"10.0.0.2"}""" },
            "configNull" => Existing with { Config = null },
            "silent" => Existing with { Silent = true },
            "flapping" => Existing with { Flapping = true },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Assert.True(Same(record));
    }

    [Fact]
    public void IsChange_KindComparedOrdinally_True()
    {
        Assert.True(HeapDiff.IsChange(Existing, "Device", "srv-01.sw-01", Health.Online, """{"calls":1}""", """{"ip":"10.0.0.1"}""", false, false));
    }
}
