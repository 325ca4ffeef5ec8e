using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions;

/// <summary>The address journal's log messages: event ids 2840–2869.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2840, Level = LogLevel.Information, Message = "Address of {ProducerId} on {ServerId} applied: MAC {Mac}, IP {Ip} in network {Network}")]
    public static partial void AddressApplied(ILogger logger, string producerId, string serverId, string? mac, string? ip, string? network);

    [LoggerMessage(EventId = 2841, Level = LogLevel.Warning, Message = "Address claim of {ProducerId} on {ServerId} backed out ({Kind} {Address}): {Reason}")]
    public static partial void AddressConflict(ILogger logger, string producerId, string serverId, string kind, string address, string reason);

    [LoggerMessage(EventId = 2842, Level = LogLevel.Debug, Message = "Address commit of tenant {TenantId} beaten by another (attempt {Attempt}); re-reading")]
    public static partial void AddressCommitLost(ILogger logger, string tenantId, int attempt);

    [LoggerMessage(EventId = 2843, Level = LogLevel.Error, Message = "Address reconcile pass failed; the journal keeps its items for the next pass")]
    public static partial void AddressReconcileFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2844, Level = LogLevel.Warning, Message = "Could not journal the address changes of server {ServerId}; they are journaled when the producer next changes")]
    public static partial void AddressEnqueueFailed(ILogger logger, Exception exception, string serverId);

    [LoggerMessage(EventId = 2845, Level = LogLevel.Information, Message = "Conflict {ConflictId} of tenant {TenantId} resolved by {ResolvedBy}: {Resolution}")]
    public static partial void AddressConflictResolved(ILogger logger, string conflictId, string tenantId, string resolvedBy, string resolution);

    [LoggerMessage(EventId = 2846, Level = LogLevel.Warning, Message = "Automatic resolution of conflict {ConflictId} did not finish: {Reason}; tried again next pass")]
    public static partial void AddressAutoFailed(ILogger logger, string conflictId, string reason);
}
