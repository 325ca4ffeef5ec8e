using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Transport.IotHub;

/// <summary>IoT Hub transport logs, event ids 1500–1599. Never log tokens, keys or connection strings.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Connecting to {Host}:{Port} over {Transport} as {ClientId} (TLS {UseTls})")]
    public static partial void Connecting(ILogger logger, string host, int port, IotHubTransportKind transport, string clientId, bool useTls);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Connected to {Host} as {ClientId} (session present {SessionPresent}, direct methods {MethodsSubscribed}, twin {TwinSubscribed})")]
    public static partial void Connected(ILogger logger, string host, string clientId, bool sessionPresent, bool methodsSubscribed, bool twinSubscribed);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Connecting to {Host} as {ClientId} failed")]
    public static partial void ConnectFailed(ILogger logger, Exception exception, string host, string clientId);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Connection to {Host} lost ({Reason})")]
    public static partial void ConnectionLost(ILogger logger, string host, string reason);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Information, Message = "Reconnecting to {Host} in {Delay}")]
    public static partial void Reconnecting(ILogger logger, string host, TimeSpan delay);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Information, Message = "Renewing the SAS token: reconnecting to {Host}")]
    public static partial void RenewingToken(ILogger logger, string host);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Information, Message = "IoT Hub transport stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 1507, Level = LogLevel.Error, Message = "IoT Hub connection loop failed; continuing")]
    public static partial void LoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1510, Level = LogLevel.Debug, Message = "Direct method {Method} received (request {RequestId})")]
    public static partial void MethodReceived(ILogger logger, string method, string requestId);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Information, Message = "Direct method {Method} answered {Status} in {ElapsedMs} ms (request {RequestId})")]
    public static partial void MethodAnswered(ILogger logger, string method, int status, long elapsedMs, string requestId);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Error, Message = "Direct method {Method} failed (request {RequestId})")]
    public static partial void MethodFailed(ILogger logger, Exception exception, string method, string requestId);

    [LoggerMessage(EventId = 1513, Level = LogLevel.Warning, Message = "Direct method {Method} did not finish within {Timeout} (request {RequestId})")]
    public static partial void MethodTimedOut(ILogger logger, string method, TimeSpan timeout, string requestId);

    [LoggerMessage(EventId = 1514, Level = LogLevel.Warning, Message = "Could not send the answer to direct method {Method} (request {RequestId})")]
    public static partial void MethodResponseFailed(ILogger logger, Exception exception, string method, string requestId);

    [LoggerMessage(EventId = 1515, Level = LogLevel.Warning, Message = "Direct method {Method} arrived but no handler is attached (request {RequestId})")]
    public static partial void MethodWithoutHandler(ILogger logger, string method, string requestId);

    [LoggerMessage(EventId = 1516, Level = LogLevel.Debug, Message = "Ignoring a message on topic {Topic}")]
    public static partial void UnexpectedMessage(ILogger logger, string topic);

    [LoggerMessage(EventId = 1520, Level = LogLevel.Debug, Message = "Message {MessageId} not acknowledged: {Reason}")]
    public static partial void SendFailed(ILogger logger, string messageId, string reason);

    [LoggerMessage(EventId = 1530, Level = LogLevel.Debug, Message = "Trusting {RootCount} root certificate(s) of the trust bundle for {Host}")]
    public static partial void TrustBundleLoaded(ILogger logger, int rootCount, string host);

    [LoggerMessage(EventId = 1540, Level = LogLevel.Information, Message = "Module twin received (desired version {Version})")]
    public static partial void TwinReceived(ILogger logger, long version);

    [LoggerMessage(EventId = 1541, Level = LogLevel.Warning, Message = "Getting the module twin failed (attempt {Attempt}); retrying")]
    public static partial void TwinGetFailed(ILogger logger, Exception exception, int attempt);

    [LoggerMessage(EventId = 1542, Level = LogLevel.Information, Message = "Desired properties patch received (version {Version})")]
    public static partial void TwinDesiredPatchReceived(ILogger logger, long version);

    [LoggerMessage(EventId = 1543, Level = LogLevel.Warning, Message = "Ignoring a malformed twin {What} (version {Version})")]
    public static partial void TwinMalformed(ILogger logger, string what, long version);

    [LoggerMessage(EventId = 1544, Level = LogLevel.Error, Message = "The twin handler failed on desired version {Version}")]
    public static partial void TwinHandlerFailed(ILogger logger, Exception exception, long version);

    [LoggerMessage(EventId = 1545, Level = LogLevel.Debug, Message = "Reported properties accepted (reported version {Version})")]
    public static partial void TwinReported(ILogger logger, long version);
}
