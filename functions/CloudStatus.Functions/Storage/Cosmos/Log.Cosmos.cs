using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions;

/// <summary>Log messages of the Cosmos DB store (event ids 2520–2539, within hosting and stores).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2520, Level = LogLevel.Information, Message = "Cosmos DB database {Database}: containers created where missing")]
    public static partial void CosmosContainersEnsured(ILogger logger, string database);

    [LoggerMessage(EventId = 2521, Level = LogLevel.Debug, Message = "Skipped writing {Kind} {Id}: it carries sequence {Sequence}, the stored one is newer ({Stored})")]
    public static partial void CosmosOlderWriteSkipped(ILogger logger, string kind, string id, long sequence, long stored);

    [LoggerMessage(EventId = 2522, Level = LogLevel.Warning, Message = "Server {ServerId} moved from tenant {OldTenantId} to {NewTenantId}; its old row was removed")]
    public static partial void CosmosServerMoved(ILogger logger, string serverId, string oldTenantId, string newTenantId);
}
