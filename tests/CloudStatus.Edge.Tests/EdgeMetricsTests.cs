using System.Diagnostics.Metrics;

namespace CloudStatus.Edge.Tests;

public sealed class EdgeMetricsTests
{
    [Fact]
    public void Counters_RecordWritesBatchesBytesAndObservationsTaggedWithTheServer()
    {
        using var metrics = new EdgeMetrics("srv-07");
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            Assert.Contains(tags.ToArray(), t => t.Key == "cloudstatus.server" && (string?)t.Value == "srv-07");
            seen[instrument.Name] = seen.GetValueOrDefault(instrument.Name) + value;
        });
        listener.Start();
        metrics.ObserveObservations(() => 42);

        metrics.HeapWritten(3, isAsync: true);
        metrics.BatchSent("periodic", bytes: 1200, records: 3);
        metrics.SendFailed();
        listener.RecordObservableInstruments();

        Assert.Equal(3, seen["cloudstatus.edge.heap.writes"]);
        Assert.Equal(1, seen["cloudstatus.edge.batches.sent"]);
        Assert.Equal(1200, seen["cloudstatus.edge.bytes.sent"]);
        Assert.Equal(3, seen["cloudstatus.edge.records.sent"]);
        Assert.Equal(1, seen["cloudstatus.edge.send.failures"]);
        Assert.Equal(42, seen["cloudstatus.edge.observations"]);
        Assert.Equal(EdgeMetrics.MeterName, metrics.Meter.Name);
    }
}
