using CloudStatus.Bench.Baselines;
using CloudStatus.Bench.Cost;
using CloudStatus.Bench.Fleet;
using CloudStatus.Core.Model;
using CloudStatus.Fleet;

namespace CloudStatus.Bench.Tests.Baselines;

public class BaselineTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int PeriodSeconds = 30;
    private static readonly FleetSpec Spec = new() { Servers = 2, SwitchesPerServer = 2, DevicesPerSwitch = 3 };
    private static readonly CosmosCostModel Cost = new();

    [Fact]
    public void ForwardEveryObservation_EveryObservation_OneMessageAndOneWrite()
    {
        var fleet = NewFleet(out var output);
        var forward = new ForwardEveryObservation(fleet, Cost);
        var observations = Appearance(fleet, output);

        foreach (var o in observations.Concat(observations))
        {
            forward.Observe(o, Now);
        }

        Assert.Equal(2 * observations.Count, forward.Tally.Messages);
        Assert.Equal(2 * observations.Count, forward.Tally.CentralWrites);
        Assert.Equal(2 * observations.Count, forward.Tally.BillableUnits);
        Assert.Equal(2 * observations.Count * Cost.Write(500), forward.Tally.RequestUnits);
        Assert.True(forward.Tally.RawBytes > 100 * forward.Tally.Messages);
        Assert.True(forward.Tally.GzipBytes <= forward.Tally.RawBytes);
    }

    [Fact]
    public void ForwardEveryObservation_ContentChanges_SizeMeasuredAgain()
    {
        var fleet = NewFleet(out var output);
        var forward = new ForwardEveryObservation(fleet, Cost);
        var o = Appearance(fleet, output)[0];

        forward.Observe(o, Now);
        var first = forward.Tally.RawBytes;
        forward.Observe(o with { Observation = o.Observation with { State = """{"load":1234567890}""" } }, Now);

        Assert.True(forward.Tally.RawBytes - first > first);
    }

    [Fact]
    public void TwinPatchPerChange_UnchangedReports_SendNothing()
    {
        var fleet = NewFleet(out var output);
        var twin = new TwinPatchPerChange(fleet, Cost);
        var observations = Appearance(fleet, output);

        foreach (var o in observations.Concat(observations).Concat(observations))
        {
            twin.Observe(o, Now);
        }

        Assert.Equal(observations.Count, twin.Tally.Messages);
        Assert.Equal(observations.Count, twin.Tally.CentralWrites);
        Assert.Equal(twin.Tally.RawBytes, twin.Tally.GzipBytes);
    }

    [Fact]
    public void TwinPatchPerChange_EveryBounce_OnePatch()
    {
        var fleet = NewFleet(out var output);
        var twin = new TwinPatchPerChange(fleet, Cost);
        var o = Appearance(fleet, output)[5];
        twin.Observe(o, Now);

        for (var i = 0; i < 6; i++)
        {
            twin.Observe(o with { Observation = o.Observation with { Health = i % 2 == 0 ? Health.Offline : Health.Online } }, Now);
        }

        Assert.Equal(7, twin.Tally.Messages);
    }

    [Fact]
    public void FullSnapshotEveryPeriod_OnePeriod_EveryKnownProducerOncePerServer()
    {
        var fleet = NewFleet(out var output);
        var snapshot = new FullSnapshotEveryPeriod(fleet, PeriodSeconds, Cost);
        foreach (var o in Appearance(fleet, output))
        {
            snapshot.Observe(o);
        }

        for (var second = 0; second < PeriodSeconds; second++)
        {
            snapshot.Tick(second, Now.AddSeconds(second));
        }

        Assert.Equal(Spec.Servers, snapshot.Tally.Messages);
        Assert.Equal(Spec.TotalProducers, snapshot.Tally.CentralWrites);
        Assert.True(snapshot.Tally.GzipBytes < snapshot.Tally.RawBytes);
    }

    [Fact]
    public void FullSnapshotEveryPeriod_NothingObserved_SendsNothing()
    {
        var fleet = NewFleet(out _);
        var snapshot = new FullSnapshotEveryPeriod(fleet, PeriodSeconds, Cost);

        for (var second = 0; second < PeriodSeconds; second++)
        {
            snapshot.Tick(second, Now.AddSeconds(second));
        }

        Assert.Equal(0, snapshot.Tally.Messages);
    }

    [Fact]
    public void WireTally_Reset_ZeroesEveryFigure()
    {
        var tally = new WireTally("x");
        tally.AddMessage(10_000, 5_000, 5_000);
        tally.AddCentral(3, 15);

        Assert.Equal(2, tally.BillableUnits);
        tally.Reset();
        Assert.Equal((0L, 0L, 0L, 0L, 0L, 0d), (tally.Messages, tally.RawBytes, tally.GzipBytes, tally.BillableUnits, tally.CentralWrites, tally.RequestUnits));
    }

    private static FleetModel NewFleet(out CollectedObservations output)
    {
        output = new CollectedObservations();
        return new FleetModel(Spec, output);
    }

    private static List<FleetObservation> Appearance(FleetModel fleet, CollectedObservations output)
    {
        fleet.Step(0);
        return output.Items;
    }
}
