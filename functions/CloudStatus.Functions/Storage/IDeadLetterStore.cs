namespace CloudStatus.Functions.Storage;

/// <summary>Messages ingest refused, newest first for operators.</summary>
internal interface IDeadLetterStore
{
    Task AddAsync(DeadLetter deadLetter, CancellationToken cancellationToken = default);

    /// <summary>Newest first; throws <see cref="InvalidContinuationException"/> for a foreign token.</summary>
    Task<Page<DeadLetter>> ListAsync(int limit, string? continuation, CancellationToken cancellationToken = default);
}
