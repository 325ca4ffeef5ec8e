using Microsoft.Extensions.Logging;

namespace CloudStatus.Fleet;

/// <summary>The simulated fleet's logs (event ids 9000–9099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "Simulated fleet tick failed; the fleet carries on")]
    public static partial void TickFailed(ILogger logger, Exception exception);
}
