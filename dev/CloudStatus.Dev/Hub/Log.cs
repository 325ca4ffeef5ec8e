using Microsoft.Extensions.Logging;

namespace CloudStatus.Dev.Hub;

/// <summary>Dev hub logs, event ids 3000–3099. Passwords (SAS tokens) and keys are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Dev IoT hub {HostName} listening on 127.0.0.1: MQTT {Port}, MQTT/TLS {TlsPort}, MQTT/WebSockets {WebSocketPort}")]
    public static partial void Started(ILogger logger, string hostName, int port, int tlsPort, int webSocketPort);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Dev IoT hub stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Module {ClientId} connected from {Endpoint}")]
    public static partial void ModuleConnected(ILogger logger, string clientId, string? endpoint);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Module {ClientId} disconnected ({DisconnectType})")]
    public static partial void ModuleDisconnected(ILogger logger, string clientId, string disconnectType);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Refused connection of {ClientId}: {Reason}")]
    public static partial void ConnectionRefused(ILogger logger, string? clientId, string reason);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "Accepted message {MessageId} from {ClientId} ({Bytes} bytes, sequence {SequenceNumber})")]
    public static partial void MessageAccepted(ILogger logger, string? messageId, string clientId, int bytes, long sequenceNumber);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Dropped a message from {ClientId} on another identity's topic {Topic}")]
    public static partial void IdentityMismatch(ILogger logger, string clientId, string topic);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "Ingest refused message {MessageId} from {ClientId}; closing the connection unacknowledged")]
    public static partial void SinkFailed(ILogger logger, Exception exception, string? messageId, string clientId);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Debug, Message = "Invoking {Method} on {ClientId} (request {RequestId})")]
    public static partial void MethodInvoking(ILogger logger, string method, string clientId, string requestId);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Direct method {Method} on {ClientId}: {Outcome} {Status}")]
    public static partial void MethodCompleted(ILogger logger, string method, string clientId, string outcome, int? status);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Ignored a method answer from {ClientId} for unknown or foreign request {RequestId}")]
    public static partial void UnexpectedMethodResponse(ILogger logger, string clientId, string requestId);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Refused subscription of {ClientId} to {TopicFilter}")]
    public static partial void SubscriptionRefused(ILogger logger, string clientId, string topicFilter);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Message from {ClientId} is {Bytes} bytes, over the {Limit} byte limit; closing the connection")]
    public static partial void MessageTooLarge(ILogger logger, string clientId, long bytes, int limit);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Debug, Message = "Port {Port} was taken; trying another")]
    public static partial void PortTaken(ILogger logger, int port);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning, Message = "Refused a publish from {ClientId} on {Topic}, which IoT Hub does not serve; closing the connection")]
    public static partial void PublishRefused(ILogger logger, string clientId, string topic);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Debug, Message = "Reported properties of {ClientId} are at version {Version}")]
    public static partial void ReportedUpdated(ILogger logger, string clientId, long version);

    [LoggerMessage(EventId = 3017, Level = LogLevel.Information, Message = "Desired properties of {ClientId} are at version {Version} (pushed: {Pushed})")]
    public static partial void DesiredUpdated(ILogger logger, string clientId, long version, bool pushed);
}
