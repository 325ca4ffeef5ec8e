using System.Diagnostics.Metrics;

namespace CloudStatus.Edge;

/// <summary>
/// Counters of one edge node on the <c>CloudStatus.Edge</c> meter, tagged with the server id (several nodes may share
/// a process in the dev stack). Observations are counted by the buffer and read through an observable counter so
/// the intake hot path pays nothing for them.
/// </summary>
internal sealed class EdgeMetrics : IDisposable
{
    public const string MeterName = "CloudStatus.Edge";

    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?> _server;
    private readonly Counter<long> _heapWrites;
    private readonly Counter<long> _batches;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _records;
    private readonly Counter<long> _sendFailures;
    private readonly bool _ownsMeter;
    private Func<long> _observations = static () => 0;

    public EdgeMetrics(string serverId, IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _server = new("cloudstatus.server", serverId);
        _heapWrites = _meter.CreateCounter<long>("cloudstatus.edge.heap.writes", "{record}", "Records written to the heap.");
        _batches = _meter.CreateCounter<long>("cloudstatus.edge.batches.sent", "{batch}", "StatusBatch messages acknowledged by the hub.");
        _bytes = _meter.CreateCounter<long>("cloudstatus.edge.bytes.sent", "By", "Message body bytes acknowledged by the hub.");
        _records = _meter.CreateCounter<long>("cloudstatus.edge.records.sent", "{record}", "Records acknowledged by the hub.");
        _sendFailures = _meter.CreateCounter<long>("cloudstatus.edge.send.failures", "{message}", "Sends the transport did not acknowledge.");
        _meter.CreateObservableCounter(
            "cloudstatus.edge.observations",
            () => new Measurement<long>(_observations(), _server),
            "{observation}",
            "Observations received from producers.");
    }

    public Meter Meter => _meter;

    /// <summary>Where the observation counter reads from (the current buffer).</summary>
    public void ObserveObservations(Func<long> source) => _observations = source;

    public void HeapWritten(int records, bool isAsync) =>
        _heapWrites.Add(records, _server, new("cloudstatus.write", isAsync ? "async" : "periodic"));

    public void BatchSent(string kind, int bytes, int records)
    {
        var kindTag = new KeyValuePair<string, object?>("cloudstatus.batch.kind", kind);
        _batches.Add(1, _server, kindTag);
        _bytes.Add(bytes, _server, kindTag);
        _records.Add(records, _server, kindTag);
    }

    public void SendFailed() => _sendFailures.Add(1, _server);

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
