using CloudStatus.Core.Filtering;
using CloudStatus.Core.History;
using CloudStatus.Core.Model;
using CloudStatus.Edge.History;
using CloudStatus.Edge.Intake;
using Microsoft.Extensions.Time.Testing;

namespace CloudStatus.Edge.Tests.Intake;

public sealed class FlappingTrackerTests
{
    private static readonly ChatterOptions Chatter = new() { Window = TimeSpan.FromSeconds(60), Threshold = 4 };
    private static readonly EventRules DefaultRules = new(new EventRuleOptions());
    private readonly BufferedProducers _entries = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Observe_ThresholdOfTransitions_StartsFlappingAndHoldsTheStableHealth()
    {
        var (flapping, _, _) = NewTracker();
        var changes = new List<IntakeChanges>();
        for (var i = 0; i <= 5; i++)
        {
            var health = i % 2 == 0 ? Health.Online : Health.Offline;
            changes.Add(flapping.Observe(Slot("dev"), ref Entry("dev", ProducerKind.Device), health, known: i > 0, nowMs: i * 1000));
        }

        Assert.Equal(IntakeChanges.Health, changes[0]);
        Assert.Equal(IntakeChanges.ReportedHealth | IntakeChanges.Health, changes[1]);
        Assert.Equal(IntakeChanges.ReportedHealth | IntakeChanges.Health, changes[3]);

        // The fourth transition: back to the health before the burst (online), held there while it flaps.
        Assert.Equal(IntakeChanges.ReportedHealth | IntakeChanges.Health | IntakeChanges.FlappingStarted, changes[4]);
        Assert.Equal(IntakeChanges.ReportedHealth, changes[5]);
        Assert.True(Entry("dev", ProducerKind.Device).Flapping);
        Assert.Equal(Health.Online, Entry("dev", ProducerKind.Device).Health);
    }

    [Theory]
    [InlineData(ProducerKind.Device, false)]
    [InlineData(ProducerKind.Trunk, true)]
    public void Settle_QuietForAWindow_StopsAndFilesItAsTheKindsRulesSay(string kind, bool writeNow)
    {
        var (flapping, queues, history) = NewTracker();
        Flap(flapping, "p", kind);

        Assert.Equal((0, false), flapping.Settle(nowMs: 30_000));
        Assert.Equal((1, writeNow), flapping.Settle(nowMs: 70_000));
        Assert.Equal((0, false), flapping.Settle(nowMs: 200_000));

        Assert.False(Entry("p", kind).Flapping);
        Assert.Equal(writeNow ? [] : ["p"], queues.DrainDirty().Select(v => v.ProducerId));
        Assert.Equal(writeNow ? [PendingReasons.Flapping] : [], queues.DrainAsync().Select(v => v.Reasons));
        Assert.Equal([LocalEventTypes.FlappingStopped], history.Drain().Select(t => t.Type));
    }

    [Fact]
    public void Settle_ProducerForgotten_DroppedFromTheList()
    {
        var (flapping, _, _) = NewTracker();
        Flap(flapping, "p", ProducerKind.Trunk);
        _entries.Remove("p");

        Assert.Equal((0, false), flapping.Settle(nowMs: 70_000));
    }

    /// <summary>Online, then four transitions a second apart: flapping from 4 s on, quiet after.</summary>
    private void Flap(FlappingTracker flapping, string id, string kind)
    {
        for (var i = 0; i <= 4; i++)
        {
            flapping.Observe(Slot(id), ref Entry(id, kind), i % 2 == 0 ? Health.Online : Health.Offline, known: i > 0, nowMs: i * 1000);
        }

        Assert.True(Entry(id, kind).Flapping);
    }

    private (FlappingTracker Flapping, WriteQueues Queues, HistoryRecorder History) NewTracker()
    {
        var queues = new WriteQueues(_entries);
        var history = new HistoryRecorder("srv-01", 100, _time);
        return (new FlappingTracker(Chatter, _entries, queues, history), queues, history);
    }

    private ref BufferedProducer Entry(string id, string kind)
    {
        ref var entry = ref _entries.GetOrAdd(id, out _, out _);
        if (entry.Kind is null)
        {
            entry.Kind = kind;
            entry.Rules = DefaultRules.For(kind);
        }

        return ref entry;
    }

    private int Slot(string id)
    {
        _entries.GetOrAdd(id, out var slot, out _);
        return slot;
    }
}
