using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Producers.Supervision;

/// <summary>Process supervision logs, event ids 1740–1799.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1740, Level = LogLevel.Information, Message = "Supervised process {Id} started (pid {Pid}, start {Starts})")]
    public static partial void ProcessStarted(ILogger logger, string id, int pid, int starts);

    [LoggerMessage(EventId = 1741, Level = LogLevel.Warning, Message = "Supervised process {Id} is down ({Reason}); restart in {Backoff}")]
    public static partial void ProcessDown(ILogger logger, string id, string reason, TimeSpan backoff);

    [LoggerMessage(EventId = 1742, Level = LogLevel.Error, Message = "Supervised process {Id} is crash-looping ({Crashes} exits within {Window}); no more restarts until a command")]
    public static partial void ProcessCrashLoop(ILogger logger, string id, int crashes, TimeSpan window);

    [LoggerMessage(EventId = 1743, Level = LogLevel.Information, Message = "Supervised process {Id} stopped: {Reason}")]
    public static partial void ProcessStopped(ILogger logger, string id, string reason);

    [LoggerMessage(EventId = 1744, Level = LogLevel.Warning, Message = "Supervised process {Id} could not start")]
    public static partial void ProcessStartFailed(ILogger logger, Exception exception, string id);

    [LoggerMessage(EventId = 1745, Level = LogLevel.Information, Message = "Supervision now runs {Count} processes in the order {Order}")]
    public static partial void PlanApplied(ILogger logger, int count, string order);

    [LoggerMessage(EventId = 1746, Level = LogLevel.Information, Message = "Supervised process {Id}: {Action} by command")]
    public static partial void ProcessCommanded(ILogger logger, string id, string action);
}
