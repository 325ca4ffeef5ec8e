using Microsoft.Extensions.Logging;

namespace CloudStatus.Hosting;

/// <summary>
/// Source-generated log messages of the shared hosting library. Event ids: 1450 a loop tick failed (kept from the edge
/// module, where operators already watch it), 3000–3099 health and telemetry.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1450, Level = LogLevel.Error, Message = "Background loop {Loop} failed; it goes on")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string loop);
}
