namespace CloudStatus.Functions.Api;

/// <summary>One cached 200 answer: its body, content type, strong ETag and when it was read from the store.</summary>
internal sealed class ReadCacheEntry(byte[] body, string? contentType, string etag, DateTimeOffset storedAt)
{
    private int _refreshing;

    public byte[] Body => body;

    public string? ContentType => contentType;

    public string ETag => etag;

    public DateTimeOffset StoredAt => storedAt;

    /// <summary>True for the one reader that goes to the store for a fresh copy; the others are served this one meanwhile.</summary>
    public bool TryStartRefresh() => Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0;

    public void EndRefresh() => Volatile.Write(ref _refreshing, 0);
}
