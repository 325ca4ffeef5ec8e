namespace CloudStatus.Functions.Ingest;

/// <summary>Options of central ingest (section <c>CloudStatus:Central:Ingest</c>).</summary>
internal sealed class IngestOptions
{
    public const string SectionName = "CloudStatus:Central:Ingest";

    /// <summary>Messages the local ingest queue holds before <see cref="IInboundMessageSink.AcceptAsync"/> waits.</summary>
    public int QueueCapacity { get; set; } = 1024;

    /// <summary>At most one resync request per server within this window.</summary>
    public TimeSpan ResyncCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the resync direct method may take to answer.</summary>
    public TimeSpan ResyncMethodTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Retries of one message's apply after a transient store error. With <see cref="RetryDelay"/> and
    /// <see cref="RetryMaxDelay"/> the default rides out about 15 s of throttling or 503s: a message given up on is
    /// healed only by a resync, at most one per <see cref="ResyncCooldown"/> (docs/adr/0181).
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 10;

    /// <summary>First retry delay (exponential with jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest pause between two tries of one message.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Producer rows kept in memory so a batch is planned without reading them (docs/adr/0130); 0 turns the cache off.</summary>
    public int ProducerCacheSize { get; set; } = 1_000_000;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ProducerCacheSize < 0)
        {
            errors.Add($"{SectionName}:ProducerCacheSize must not be negative (was {ProducerCacheSize}).");
        }

        if (QueueCapacity < 1)
        {
            errors.Add($"{SectionName}:QueueCapacity must be at least 1 (was {QueueCapacity}).");
        }

        if (ResyncCooldown < TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:ResyncCooldown must not be negative (was {ResyncCooldown}).");
        }

        if (ResyncMethodTimeout < TimeSpan.FromSeconds(5) || ResyncMethodTimeout > TimeSpan.FromSeconds(300))
        {
            errors.Add($"{SectionName}:ResyncMethodTimeout must be between 5 s and 300 s, IoT Hub's limits (was {ResyncMethodTimeout}).");
        }

        if (MaxRetryAttempts is < 0 or > 20)
        {
            errors.Add($"{SectionName}:MaxRetryAttempts must be between 0 and 20 (was {MaxRetryAttempts}).");
        }

        if (RetryDelay <= TimeSpan.Zero || RetryDelay > TimeSpan.FromSeconds(30))
        {
            errors.Add($"{SectionName}:RetryDelay must be positive and at most 30 s (was {RetryDelay}).");
        }

        if (RetryMaxDelay < RetryDelay || RetryMaxDelay > TimeSpan.FromSeconds(60))
        {
            errors.Add($"{SectionName}:RetryMaxDelay must be at least RetryDelay and at most 60 s (was {RetryMaxDelay}).");
        }

        return errors;
    }
}
