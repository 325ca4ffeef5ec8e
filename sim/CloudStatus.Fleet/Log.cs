using Microsoft.Extensions.Logging;

namespace CloudStatus.Fleet;

/// <summary>The simulated fleet's logs (event ids 9000–9099, 9100–9119).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Simulated fleet tick failed; the fleet carries on")]
    public static partial void TickFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 9100, Level = LogLevel.Warning, Message = "The element manager's push to {Endpoint} was refused ({Status}); {Count} observations dropped")]
    public static partial void PushRefused(ILogger logger, Uri endpoint, int status, int count);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "The element manager could not push to {Endpoint} ({Reason}); {Count} observations dropped")]
    public static partial void PushFailed(ILogger logger, Uri endpoint, int count, string reason);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "The element manager's announcement of {ProducerId} to {Endpoint} was refused ({Status})")]
    public static partial void AnnounceRefused(ILogger logger, string producerId, Uri endpoint, int status);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Information, Message = "The element manager could not announce {ProducerId} to {Endpoint} ({Reason})")]
    public static partial void AnnounceFailed(ILogger logger, string producerId, Uri endpoint, string reason);
}
