using CloudStatus.Core.Model;
using CloudStatus.Edge.Intake;

namespace CloudStatus.Edge.Tests.Intake;

public sealed class WriteQueuesTests
{
    private readonly BufferedProducers _entries = new();

    [Fact]
    public void File_ChangeWithoutEvent_OnlyThePeriodicDrainTakesIt()
    {
        var queues = new WriteQueues(_entries);

        Assert.False(queues.File(Slot("a"), ref Entry("a"), new IntakeVerdict(true, PendingReasons.None, false)));

        Assert.Empty(queues.DrainAsync());
        Assert.Equal(["a"], queues.DrainDirty().Select(v => v.ProducerId));
        Assert.Empty(queues.DrainDirty());
    }

    [Fact]
    public void File_EventTwice_AsyncDrainTakesItOnceWithBothReasonsAndThePeriodicDrainNot()
    {
        var queues = new WriteQueues(_entries);

        Assert.True(queues.File(Slot("a"), ref Entry("a"), new IntakeVerdict(true, PendingReasons.HealthChange, true)));
        Assert.True(queues.File(Slot("a"), ref Entry("a"), new IntakeVerdict(true, PendingReasons.Reboot, true)));

        Assert.Empty(queues.DrainDirty());
        var view = Assert.Single(queues.DrainAsync());
        Assert.Equal(PendingReasons.HealthChange | PendingReasons.Reboot, view.Reasons);
        Assert.Equal(PendingReasons.None, Entry("a").Reasons);
        Assert.Empty(queues.DrainDirty());
    }

    [Fact]
    public void File_DeleteNotedWithoutEvent_PeriodicDrainCarriesIt()
    {
        var queues = new WriteQueues(_entries);

        queues.File(Slot("a"), ref Entry("a"), new IntakeVerdict(true, PendingReasons.Delete, false));

        Assert.Equal(PendingReasons.Delete, Assert.Single(queues.DrainDirty()).Reasons);
    }

    [Fact]
    public void Requeue_FailedWrites_BackInTheirListWithTheirReasons()
    {
        var queues = new WriteQueues(_entries);
        queues.File(Slot("a"), ref Entry("a"), new IntakeVerdict(true, PendingReasons.Reboot, true));
        queues.File(Slot("b"), ref Entry("b"), new IntakeVerdict(true, PendingReasons.None, false));
        var async = queues.DrainAsync();
        var dirty = queues.DrainDirty();

        Assert.True(queues.Requeue(async, isAsync: true));
        Assert.False(queues.Requeue(dirty, isAsync: false));

        Assert.Equal(("a", PendingReasons.Reboot), Assert.Single(queues.DrainAsync()) is var a ? (a.ProducerId, a.Reasons) : default);
        Assert.Equal(["b"], queues.DrainDirty().Select(v => v.ProducerId));
    }

    [Fact]
    public void DrainDirty_ForgottenProducer_Skipped()
    {
        var queues = new WriteQueues(_entries);
        queues.File(Slot("a"), ref Entry("a"), new IntakeVerdict(true, PendingReasons.None, false));
        _entries.Remove("a");

        Assert.Empty(queues.DrainDirty());
    }

    private ref BufferedProducer Entry(string id)
    {
        ref var entry = ref _entries.GetOrAdd(id, out _, out _);
        if (entry.Kind is null)
        {
            entry.Kind = ProducerKind.Device;
        }

        return ref entry;
    }

    private int Slot(string id)
    {
        _entries.GetOrAdd(id, out var slot, out _);
        return slot;
    }
}
