using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Producers.Sip;

/// <summary>SIP qualify logs, event ids 1430–1439 (within the producer adapters' 1400–1449).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1430, Level = LogLevel.Information, Message = "SIP qualify bound to {LocalEndPoint}: {Targets} targets every {Interval}, at most {Rate} OPTIONS/s")]
    public static partial void SipQualifyStarted(ILogger logger, System.Net.IPEndPoint localEndPoint, int targets, TimeSpan interval, double rate);

    [LoggerMessage(EventId = 1431, Level = LogLevel.Debug, Message = "SIP receive failed ({Error}); the socket stays open")]
    public static partial void SipReceiveFailed(ILogger logger, SocketError error);

    [LoggerMessage(EventId = 1432, Level = LogLevel.Information, Message = "{ProducerId} missed {Misses} OPTIONS in a row ({Failure}); offline")]
    public static partial void SipTargetOffline(ILogger logger, string producerId, int misses, string failure);

    [LoggerMessage(EventId = 1433, Level = LogLevel.Warning, Message = "A qualify round of {Targets} targets took {Elapsed}, longer than the interval {Interval}")]
    public static partial void SipRoundOverran(ILogger logger, int targets, TimeSpan elapsed, TimeSpan interval);

    // Address propagation (docs/adr/0150), in the edge's 1961–1979
    [LoggerMessage(EventId = 1961, Level = LogLevel.Information, Message = "{ProducerId} is qualified at {Uri} from the next round (was {PreviousUri}: its address moved)")]
    public static partial void SipTargetRepointed(ILogger logger, string producerId, string previousUri, string uri);
}
