using Microsoft.Extensions.Logging;

namespace CloudStatus.Dev.Stack;

internal static partial class Log
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Simulated fleet of {Servers} local servers started on the dev hub (port {Port})")]
    public static partial void FleetStarted(ILogger logger, int servers, int port);
}
