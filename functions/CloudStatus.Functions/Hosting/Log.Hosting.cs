using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions;

/// <summary>Log messages of central's HTTP hosting and response caching (event ids 2990–2999).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2990, Level = LogLevel.Warning, Message = "{Method} {Path} answered 503 (retry after {RetryAfterSeconds} s): the store stayed busy past its retries: {Reason}")]
    public static partial void StoreBusyAnswered(ILogger logger, string method, string path, int retryAfterSeconds, string reason);

    [LoggerMessage(EventId = 2991, Level = LogLevel.Warning, Message = "GET {Path} served from the read cache, {AgeMs} ms old: the store stayed busy past its retries: {Reason}")]
    public static partial void ReadCacheServedStale(ILogger logger, string path, int ageMs, string reason);
}
