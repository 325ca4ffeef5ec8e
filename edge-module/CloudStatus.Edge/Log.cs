using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge;

/// <summary>
/// Source-generated log messages of the edge module. Event ids: 1000–1099 heap, 1100–1199 intake (heap writer),
/// 1200–1299 uplink, 1300–1399 commands, 1400–1449 producer adapters (1420–1429 the HTTP management adapter), 1450–1499 hosting
/// and twin configuration, 1600–1699 local history, 1750–1759 the liveness watchdog (1740–1749 process supervision, in its namespace). (1500–1599 belong to the IoT Hub transport.)
/// </summary>
internal static partial class Log
{
    // Heap 1000–1099
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Heap started a new epoch {Epoch}")]
    public static partial void HeapStartedEpoch(ILogger logger, string epoch);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Heap restored epoch {Epoch}: {Count} records, last seq {LastSeq}, last sent {LastSent}")]
    public static partial void HeapRestored(ILogger logger, string epoch, int count, long lastSeq, long lastSent);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Purged {Count} sent tombstones")]
    public static partial void TombstonesPurged(ILogger logger, int count);

    // Local management service 1100–1199
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Periodic write of {Count} changed records")]
    public static partial void PeriodicWrite(ILogger logger, int count);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Async write of {Count} records")]
    public static partial void AsyncWrite(ILogger logger, int count);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Producer {ProducerId} is silent; it and {Descendants} descendants are now offline")]
    public static partial void ProducerSilent(ILogger logger, string producerId, int descendants);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Producer {ProducerId} is heard again")]
    public static partial void ProducerResumed(ILogger logger, string producerId);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Producer {ProducerId} deleted with {Descendants} descendants")]
    public static partial void ProducerDeleted(ILogger logger, string producerId, int descendants);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Add of producer {ProducerId} is pending until it shows up")]
    public static partial void AddPending(ILogger logger, string producerId);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Applied the pending add of producer {ProducerId}")]
    public static partial void AddApplied(ILogger logger, string producerId);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Pushing configuration to producer {ProducerId} failed: {Result}")]
    public static partial void ConfigPushFailed(ILogger logger, string producerId, string result);

    // Local system manager 1200–1299
    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Sent {Kind} batch [{SeqFrom}, {SeqTo}] with {Records} records, {Bytes} bytes")]
    public static partial void BatchSent(ILogger logger, string kind, long seqFrom, long seqTo, int records, int bytes);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Upstream transport unavailable ({Reason}); {Pending} records wait, retrying in {Delay}")]
    public static partial void TransportUnavailable(ILogger logger, string reason, int pending, TimeSpan delay);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Resync from seq {FromSeq} requested")]
    public static partial void ResyncRequested(ILogger logger, long fromSeq);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Resync from seq {FromSeq} sent up to seq {SeqTo} ({Records} records)")]
    public static partial void ResyncSent(ILogger logger, long fromSeq, long seqTo, int records);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Debug, Message = "Heartbeat sent at seq {Seq} with digest {Count}/{Hash}")]
    public static partial void HeartbeatSent(ILogger logger, long seq, long count, string hash);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Information, Message = "Sent {Records} async records ahead of a backlog of {Backlog}")]
    public static partial void AsyncAhead(ILogger logger, int records, int backlog);

    // Commands 1300–1399
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Direct method {Method} answered {Status}: {Message}")]
    public static partial void MethodAnswered(ILogger logger, string method, int status, string? message);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Direct method {Method} for command {CommandId} delivered again: answered {Status} as the first time, not run twice")]
    public static partial void MethodReplayed(ILogger logger, string method, string commandId, int status);

    [LoggerMessage(EventId = 1900, Level = LogLevel.Information, Message = "Add command {CommandId}, which waited for its producer, answered {Status}: the equipment answered its configuration")]
    public static partial void WaitingAddCompleted(ILogger logger, string commandId, int status);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "The answers to recent commands could not be read ({Error}); starting without them")]
    public static partial void CommandResultsUnreadable(ILogger logger, string error);

    // Producer adapters 1400–1449 (1402 was the simulator's, now in sim/CloudStatus.Fleet)
    [LoggerMessage(EventId = 1400, Level = LogLevel.Debug, Message = "Health poll of {ProducerId} at {Url} failed")]
    public static partial void PollFailed(ILogger logger, Exception exception, string producerId, Uri url);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "Health poll of {ProducerId} answered {StatusCode}")]
    public static partial void PollAnswered(ILogger logger, string producerId, int statusCode);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Rejected pushed observations: {Reason}")]
    public static partial void PushRejected(ILogger logger, string reason);

    // HTTP/JSON management adapter 1420–1429
    [LoggerMessage(EventId = 1420, Level = LogLevel.Information, Message = "Poll of {ProducerId} failed: {Health}, {Reason}")]
    public static partial void EquipmentPollFailed(ILogger logger, string producerId, CloudStatus.Core.Model.Health health, string reason);

    [LoggerMessage(EventId = 1421, Level = LogLevel.Information, Message = "{ProducerId} is back from a reboot (boot count {BootCount})")]
    public static partial void EquipmentRebooted(ILogger logger, string producerId, long bootCount);

    [LoggerMessage(EventId = 1422, Level = LogLevel.Information, Message = "{Action} to {ProducerId} answered {StatusCode}")]
    public static partial void EquipmentControlAnswered(ILogger logger, string producerId, string action, int statusCode);

    [LoggerMessage(EventId = 1423, Level = LogLevel.Warning, Message = "{Action} of {ProducerId} failed: {Reason}")]
    public static partial void EquipmentControlFailed(ILogger logger, string producerId, string action, string reason);

    [LoggerMessage(EventId = 1440, Level = LogLevel.Warning, Message = "Refused a producer push from {RemoteAddress}: no registered caller's secret")]
    public static partial void PushUnauthenticated(ILogger logger, string remoteAddress);

    [LoggerMessage(EventId = 1441, Level = LogLevel.Warning, Message = "Refused a producer push from caller {Caller}: it may not speak for {ProducerId}")]
    public static partial void PushForbidden(ILogger logger, string caller, string producerId);

    // Hosting 1450–1499 (1450, a loop tick failed, is logged by the shared CloudStatus.Hosting loops)

    [LoggerMessage(EventId = 1451, Level = LogLevel.Information, Message = "Edge node {ServerId} started (epoch {Epoch}, seq {MaxSeq}, last sent {LastSent})")]
    public static partial void NodeStarted(ILogger logger, string serverId, string epoch, long maxSeq, long lastSent);

    [LoggerMessage(EventId = 1452, Level = LogLevel.Information, Message = "Edge node {ServerId} stopped")]
    public static partial void NodeStopped(ILogger logger, string serverId);

    [LoggerMessage(EventId = 1453, Level = LogLevel.Information, Message = "Edge node {ServerId} reconfigured (restarted {Restarted})")]
    public static partial void NodeReconfigured(ILogger logger, string serverId, bool restarted);

    [LoggerMessage(EventId = 1460, Level = LogLevel.Information, Message = "Desired configuration version {Version} applied (node restarted {Changed})")]
    public static partial void DesiredConfigurationApplied(ILogger logger, long version, bool changed);

    [LoggerMessage(EventId = 1461, Level = LogLevel.Warning, Message = "Desired configuration version {Version} rejected: {Errors}")]
    public static partial void DesiredConfigurationRejected(ILogger logger, long version, string errors);

    [LoggerMessage(EventId = 1462, Level = LogLevel.Debug, Message = "Ignoring desired patch version {Version}: version {Current} is already applied")]
    public static partial void DesiredPatchStale(ILogger logger, long version, long current);

    [LoggerMessage(EventId = 1463, Level = LogLevel.Warning, Message = "Could not report the configuration (desired version {Version}); it is reported again after the next connect")]
    public static partial void ConfigurationReportFailed(ILogger logger, Exception exception, long version);

    [LoggerMessage(EventId = 1464, Level = LogLevel.Error, Message = "Applying desired configuration version {Version} failed")]
    public static partial void DesiredConfigurationFailed(ILogger logger, Exception exception, long version);
    // Local history 1600–1699
    [LoggerMessage(EventId = 1600, Level = LogLevel.Debug, Message = "Wrote {Count} transitions to the local history")]
    public static partial void HistoryFlushed(ILogger logger, int count);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Debug, Message = "Pruned {Count} events from the local history")]
    public static partial void HistoryPruned(ILogger logger, int count);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "Writing the local history failed; the transitions wait for the next flush")]
    public static partial void HistoryFlushFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information, Message = "Local history opened: {Path}, epoch {Epoch}")]
    public static partial void HistoryOpened(ILogger logger, string path, string epoch);

    [LoggerMessage(EventId = 1700, Level = LogLevel.Warning, Message = "Add of producer {ProducerId} refused: {Reason}")]
    public static partial void AddRefused(ILogger logger, string producerId, string reason);

    [LoggerMessage(EventId = 1701, Level = LogLevel.Warning, Message = "Equipment {ProducerId} answered a {Field} that is not an address ('{Value}'); ignored")]
    public static partial void EquipmentIdentityIgnored(ILogger logger, string producerId, string field, string value);

    // Liveness watchdog 1750–1759
    [LoggerMessage(EventId = 1750, Level = LogLevel.Warning, Message = "Liveness unhealthy for {Elapsed}: {Why}")]
    public static partial void LivenessUnhealthy(ILogger logger, TimeSpan elapsed, string why);

    [LoggerMessage(EventId = 1751, Level = LogLevel.Critical, Message = "Liveness unhealthy for {Elapsed} ({Why}; {Stalled} loops stalled): stopping the module for edgeAgent to restart it")]
    public static partial void LivenessExit(ILogger logger, TimeSpan elapsed, string why, int stalled);

    // Address propagation (docs/adr/0150) 1960–1979
    [LoggerMessage(EventId = 1960, Level = LogLevel.Information, Message = "Equipment {ProducerId} now reached at {Url} (its address moved from {PreviousIp} to {Ip})")]
    public static partial void EquipmentRepointed(ILogger logger, string producerId, Uri url, string previousIp, string ip);

    [LoggerMessage(EventId = 1962, Level = LogLevel.Information, Message = "{ProducerId} is checked at {Ip} from the next round (its address moved from {PreviousIp})")]
    public static partial void ReachabilityTargetRepointed(ILogger logger, string producerId, string previousIp, string ip);

    // Announcements (docs/adr/0175) 1980–1989
    [LoggerMessage(EventId = 1980, Level = LogLevel.Information, Message = "{ProducerId} announced itself (caller {Caller}): polled now")]
    public static partial void ProducerAnnounced(ILogger logger, string producerId, string caller);

    [LoggerMessage(EventId = 1981, Level = LogLevel.Information, Message = "{ProducerId} announced itself (caller {Caller}), but no adapter of this module polls it")]
    public static partial void AnnouncedNotPolled(ILogger logger, string producerId, string caller);
}
