namespace CloudStatus.Functions.Storage;

/// <summary>A store operation failed in a way worth retrying (busy/locked database, throttling, timeouts). Adapters wrap their own errors in it.</summary>
internal sealed class TransientStoreException : Exception
{
    public TransientStoreException()
    {
    }

    public TransientStoreException(string message)
        : base(message)
    {
    }

    public TransientStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TransientStoreException(string message, Exception innerException, TimeSpan? retryAfter)
        : base(message, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the store asked callers to wait (Cosmos DB's <c>x-ms-retry-after-ms</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
