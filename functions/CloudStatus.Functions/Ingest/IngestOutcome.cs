namespace CloudStatus.Functions.Ingest;

/// <summary>What ingest did with one message (for tests and diagnostics).</summary>
public sealed record IngestOutcome
{
    /// <summary>Set when the message was dead-lettered instead of applied.</summary>
    public string? DeadLetterReason { get; init; }

    /// <summary>Records whose seq was newer than the stored one and were written.</summary>
    public int Applied { get; init; }

    /// <summary>The resync this message made ingest request (after throttling), if any.</summary>
    public long? ResyncFromSeq { get; init; }

    /// <summary>Set when the sender does not hold its failover lease (docs/adr/0120): nothing of the batch was applied.</summary>
    public Core.Ownership.FenceRefusal Fenced { get; init; }

    public bool DeadLettered => DeadLetterReason is not null;
}
