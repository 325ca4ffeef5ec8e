using CloudStatus.Core.Model;
using CloudStatus.Edge.Intake;

namespace CloudStatus.Edge.Tests.Intake;

public sealed class SilenceTrackerTests
{
    private readonly BufferedProducers _entries = new();

    [Fact]
    public void MarkSilent_WatchedNotHeardPastTimeout_SilencedOnce()
    {
        var silence = new SilenceTracker(_entries);
        silence.Watch(Slot("sw"), ref Entry("sw", parentId: null, heardMs: 0, mustKeepReporting: true));
        silence.Watch(Slot("dev"), ref Entry("dev", parentId: "sw", heardMs: 0, mustKeepReporting: false));

        Assert.Empty(silence.MarkSilent(nowMs: 90_000, timeoutMs: 90_000));
        Assert.Equal(["sw"], silence.MarkSilent(nowMs: 90_001, timeoutMs: 90_000));
        Assert.Empty(silence.MarkSilent(nowMs: 200_000, timeoutMs: 90_000));
        Assert.True(silence.IsUnderSilence("dev"));
        Assert.True(silence.IsUnderSilence("sw"));
    }

    [Fact]
    public void Heard_Silenced_ResumesAndNoLongerUnderSilence()
    {
        var silence = new SilenceTracker(_entries);
        silence.Watch(Slot("sw"), ref Entry("sw", parentId: null, heardMs: 0, mustKeepReporting: true));
        Entry("dev", parentId: "sw", heardMs: 0);
        silence.MarkSilent(nowMs: 100_000, timeoutMs: 90_000);

        Assert.Equal(IntakeChanges.Resumed, SilenceTracker.Heard(ref Entry("sw", null, 0), nowMs: 100_001));
        Assert.Equal(IntakeChanges.None, SilenceTracker.Heard(ref Entry("sw", null, 0), nowMs: 100_002));

        Assert.False(silence.IsUnderSilence("dev"));
        Assert.Equal(100_002, Entry("sw", null, 0).LastHeardMs);
    }

    [Fact]
    public void MarkSilent_ForgottenProducer_NoLongerWatched()
    {
        var silence = new SilenceTracker(_entries);
        silence.Watch(Slot("sw"), ref Entry("sw", parentId: null, heardMs: 0, mustKeepReporting: true));
        _entries.Remove("sw");
        Assert.Empty(silence.MarkSilent(nowMs: 100_000, timeoutMs: 90_000));

        silence.Watch(Slot("sw"), ref Entry("sw", parentId: null, heardMs: 0, mustKeepReporting: false));
        Assert.Empty(silence.MarkSilent(nowMs: 200_000, timeoutMs: 90_000));
    }

    [Fact]
    public void IsUnderSilence_UnknownOrUnsilencedAncestry_False()
    {
        var silence = new SilenceTracker(_entries);
        Entry("dev", parentId: "sw-not-buffered", heardMs: 0);

        Assert.False(silence.IsUnderSilence("dev"));
        Assert.False(silence.IsUnderSilence("nothing"));
    }

    private ref BufferedProducer Entry(string id, string? parentId, long heardMs, bool mustKeepReporting = false)
    {
        ref var entry = ref _entries.GetOrAdd(id, out _, out _);
        if (entry.Kind is null)
        {
            entry.Kind = parentId is null ? ProducerKind.Switch : ProducerKind.Device;
            entry.ParentId = parentId;
            entry.LastHeardMs = heardMs;
            entry.Rules = new KindEventRules(true, true, true, true, true, mustKeepReporting);
        }

        return ref entry;
    }

    private int Slot(string id)
    {
        _entries.GetOrAdd(id, out var slot, out _);
        return slot;
    }
}
