using CloudStatus.Core.Central;
using CloudStatus.Core.Consistency;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using static CloudStatus.Core.Tests.Consistency.CentralRows;

namespace CloudStatus.Core.Tests.Consistency;

/// <summary>Delta records: completed from exactly their base, never applied onto another, redelivery harmless.</summary>
public sealed class ApplyPlannerDeltaTests
{
    private static StatusRecord Delta(string id, long seq, long baseSeq, string? patch = """{"calls":4}""", Health health = Health.Offline) => new()
    {
        ProducerId = id,
        Seq = seq,
        Base = baseSeq,
        Health = health,
        StatePatch = patch,
        LocalTimestamp = Now.AddSeconds(-seq),
    };

    private static ProducerState Stored(long seq) => Row("a", seq) with
    {
        State = """{"extension":"1005","calls":3}""",
        Config = """{"vlan":10}""",
        Mac = "02:00:5e:10:00:01",
        Kind = ProducerKind.Trunk,
    };

    [Fact]
    public void TryPlan_DeltaOnItsBase_WritesTheWholeRecordAndItsEvent()
    {
        var a = Stored(3);

        var plan = Plan(ServerOf(3, a), Batch(BatchKind.Periodic, 4, 4, Delta("a", 4, baseSeq: 3)), a);

        var written = plan.Written("a");
        Assert.Equal(
            (4L, Health.Offline, """{"extension":"1005","calls":4}""", ProducerKind.Trunk, Server, """{"vlan":10}""", "02:00:5e:10:00:01"),
            (written.Seq, written.Health, written.State, written.Kind, written.ParentId, written.Config, written.Mac));
        Assert.Equal(StatusEventTypes.HealthChanged, Assert.Single(plan.Events).Type);
        Assert.Equal((1, 0, 4L), (plan.Applied, plan.MissingBase, plan.Server.Watermark));
        Assert.Null(plan.Resync);
    }

    [Fact]
    public void TryPlan_DeltaWithoutPatch_KeepsTheBaseStateAndTakesWhatItSays()
    {
        var a = Stored(3);

        var plan = Plan(ServerOf(3, a), Batch(BatchKind.Periodic, 4, 4, Delta("a", 4, 3, patch: null) with { ParentId = "srv-01.sw-02" }), a);

        Assert.Equal((a.State, "srv-01.sw-02"), (plan.Written("a").State, plan.Written("a").ParentId));
    }

    [Theory]
    [InlineData(2L)] // central missed a record the edge took as its base
    [InlineData(5L)] // central holds a newer record than the base (a send the edge thought failed)
    public void TryPlan_DeltaOnABaseCentralDoesNotHold_WritesNothingOfItAndAsksForItsRange(long storedSeq)
    {
        var a = Stored(storedSeq);
        var b = Row("b", 1);

        var plan = Plan(ServerOf(5, a, b), Batch(BatchKind.Periodic, 6, 7, Delta("a", 6, baseSeq: 4), Rec("b", 7)), a, b);

        Assert.DoesNotContain(plan.Writes, w => w.ProducerId == "a");
        Assert.Equal(7L, plan.Written("b").Seq);
        Assert.Equal((1, 1, 7L), (plan.Applied, plan.MissingBase, plan.Server.Watermark));
        Assert.Equal(6L, plan.Resync!.FromSeq);
        Assert.StartsWith("delta base missing", plan.Resync.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryPlan_DeltaOnATombstoneOrAnotherEpochOrAPatchTheStateRefuses_IsNotApplied()
    {
        var deleted = Stored(3) with { Deleted = true };
        var otherEpoch = Stored(3) with { Epoch = "e-0" };
        var wrongShape = Stored(3) with { State = """{"other":1}""" };

        foreach (var row in new[] { deleted, otherEpoch, wrongShape })
        {
            var plan = Plan(ServerOf(3, row), Batch(BatchKind.Periodic, 4, 4, Delta("a", 4, 3)), row);

            Assert.Equal((0, 1), (plan.Applied, plan.MissingBase));
            Assert.Equal(4L, plan.Resync!.FromSeq);
        }
    }

    [Fact]
    public void TryPlan_DeltaRedelivered_IsSkippedLikeAnyOlderRecord()
    {
        var a = Stored(3);
        var first = Plan(ServerOf(3, a), Batch(BatchKind.Periodic, 4, 4, Delta("a", 4, 3)), a);
        var applied = first.Written("a");

        var again = Plan(first.Server, Batch(BatchKind.Periodic, 4, 4, Delta("a", 4, 3)), applied);

        Assert.Equal((0, 0), (again.Applied, again.MissingBase));
        Assert.Empty(again.Writes);
        Assert.Null(again.Resync);
    }

    [Fact]
    public void TryPlan_DeltaOnTheRecordCentralAlreadyHas_IsSkipped()
    {
        // The catch-up after an async batch sent ahead names the async record as its own base.
        var a = Stored(4);

        var plan = Plan(ServerOf(4, a), Batch(BatchKind.Periodic, 4, 4, Delta("a", 4, 4, patch: null)), a);

        Assert.Equal((0, 0), (plan.Applied, plan.MissingBase));
        Assert.Null(plan.Resync);
    }
}
