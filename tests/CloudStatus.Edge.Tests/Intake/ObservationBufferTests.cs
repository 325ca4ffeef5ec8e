using CloudStatus.Edge.Heap;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Intake;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Edge.Uplink;

namespace CloudStatus.Edge.Tests.Intake;

public sealed class ObservationBufferTests
{
    [Fact]
    public void Post_SteadyState_AllocatesNothingPerObservation()
    {
        using var buffer = new ObservationBuffer(EdgeHarness.DefaultChatter, new EventRuleOptions(), new ConnectivityTracker(), TimeProvider.System);
        var observations = Enumerable.Range(0, 1000)
            .Select(i => new Observation($"srv-01.sw-{i % 10:00}.dev-{i:000}", ProducerKind.Device, $"srv-01.sw-{i % 10:00}", Health.Online, """{"calls":1}"""))
            .ToArray();
        foreach (var o in observations)
        {
            buffer.Post(o);
        }

        buffer.DrainAsync();
        buffer.DrainDirty();
        var windows = 0;
        var allocated = SteadyAllocation.Least(() =>
        {
            windows++;
            for (var round = 0; round < 20; round++)
            {
                foreach (var o in observations)
                {
                    buffer.Post(o);
                }
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal(1_000 + (windows * 20_000), buffer.ObservationCount);
    }

    [Fact]
    public void Post_NullStateOrConfig_KeepsTheLastReported()
    {
        using var buffer = new ObservationBuffer(EdgeHarness.DefaultChatter, new EventRuleOptions(), new ConnectivityTracker(), TimeProvider.System);
        buffer.Post(new Observation("a", ProducerKind.Device, null, Health.Online, """{"s":1}""", """{"c":1}"""));
        buffer.Post(new Observation("a", ProducerKind.Device, null, Health.Degraded));

        Assert.True(buffer.TryGet("a", out var view));
        Assert.Equal(("""{"s":1}""", """{"c":1}"""), (view.State, view.Config));
    }

    [Fact]
    public void Post_KindChanges_TheNewKindsRulesApply()
    {
        using var buffer = new ObservationBuffer(EdgeHarness.DefaultChatter, new EventRuleOptions(), new ConnectivityTracker(), TimeProvider.System);
        buffer.Post(new Observation("a", ProducerKind.Device, null, Health.Online));
        buffer.DrainAsync();
        buffer.Post(new Observation("a", ProducerKind.Device, null, Health.Degraded));
        Assert.Empty(buffer.DrainAsync());
        Assert.Single(buffer.DrainDirty());

        buffer.Post(new Observation("a", ProducerKind.Switch, null, Health.Online));

        Assert.Equal(PendingReasons.HealthChange, Assert.Single(buffer.DrainAsync()).Reasons);
        Assert.Empty(buffer.DrainDirty());
    }

    [Fact]
    public void PostConnectivity_GoesToTheTracker()
    {
        var tracker = new ConnectivityTracker();
        using var buffer = new ObservationBuffer(EdgeHarness.DefaultChatter, new EventRuleOptions(), tracker, TimeProvider.System);

        buffer.PostConnectivity("s1", new HashSet<string> { "s2" });
        buffer.PostConnectivity("s2", new HashSet<string>());

        Assert.Equal(2, tracker.Pending().Count);
    }
}
