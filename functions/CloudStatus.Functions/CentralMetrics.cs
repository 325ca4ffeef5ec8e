using System.Diagnostics.Metrics;
using CloudStatus.Core.Ownership;

namespace CloudStatus.Functions;

/// <summary>Central's instruments on the Meter <c>CloudStatus.Central</c>.</summary>
internal sealed class CentralMetrics
{
    public const string MeterName = "CloudStatus.Central";

    private readonly Counter<long> _batches;
    private readonly Counter<long> _records;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _deadLetters;
    private readonly Counter<long> _resyncsRequested;
    private readonly Counter<long> _commands;
    private readonly Counter<long> _fenced;
    private readonly Counter<long> _fencedRecords;
    private readonly Counter<long> _leaseChanges;

    public CentralMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _batches = meter.CreateCounter<long>("cloudstatus.central.ingest.batches", "{batch}", "Batches applied by ingest.");
        _records = meter.CreateCounter<long>("cloudstatus.central.ingest.records", "{record}", "Records received in applied batches.");
        _bytes = meter.CreateCounter<long>("cloudstatus.central.ingest.bytes", "By", "Message bytes received by ingest.");
        _deadLetters = meter.CreateCounter<long>("cloudstatus.central.ingest.dead_letters", "{message}", "Messages refused and dead-lettered.");
        _resyncsRequested = meter.CreateCounter<long>("cloudstatus.central.ingest.resyncs_requested", "{request}", "Resync requests queued for local servers.");
        _commands = meter.CreateCounter<long>("cloudstatus.central.commands.completed", "{command}", "Operator commands completed, by status.");
        _fenced = meter.CreateCounter<long>("cloudstatus.central.ownership.refused", "{batch}", "Writes refused because the sender does not hold the failover lease's current fencing token.");
        _fencedRecords = meter.CreateCounter<long>("cloudstatus.central.ownership.refused_records", "{record}", "Records in writes refused by the fencing check.");
        _leaseChanges = meter.CreateCounter<long>("cloudstatus.central.ownership.changes", "{change}", "Failover lease changes (takeover, handback), by change and signal.");
    }

    public void BatchApplied(string kind, int records, int bytes)
    {
        var tag = new KeyValuePair<string, object?>("kind", kind);
        _batches.Add(1, tag);
        _records.Add(records, tag);
        _bytes.Add(bytes, tag);
    }

    public void DeadLettered(int bytes)
    {
        _deadLetters.Add(1);
        _bytes.Add(bytes, new KeyValuePair<string, object?>("kind", "deadLetter"));
    }

    public void ResyncRequested(bool full) => _resyncsRequested.Add(1, new KeyValuePair<string, object?>("full", full));

    public void CommandCompleted(string action, string status) =>
        _commands.Add(1, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("status", status));

    public void WriteFenced(FenceRefusal reason, int records)
    {
        var tag = new KeyValuePair<string, object?>("cloudstatus.reason", reason.ToString());
        _fenced.Add(1, tag);
        _fencedRecords.Add(records, tag);
    }

    public void LeaseChanged(LeaseChange change, string? signal) =>
        _leaseChanges.Add(1, new KeyValuePair<string, object?>("change", change.ToString()), new KeyValuePair<string, object?>("signal", signal ?? "none"));
}
