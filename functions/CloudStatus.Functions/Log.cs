using Microsoft.Extensions.Logging;

namespace CloudStatus.Functions;

/// <summary>
/// Source-generated log messages of central. Event ids: 2000–2099 ingest, 2100–2199 sweep, 2200–2299 views,
/// 2300–2399 commands, 2400–2499 API and auth, 2500–2599 hosting and stores, 2600–2699 cross-server history,
/// 2800–2839 failover leases and registration, 2900–2919 the clearinghouse and the peer link.
/// </summary>
internal static partial class Log
{
    // Ingest 2000–2099
    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Applied {Kind} batch [{SeqFrom}, {SeqTo}] of server {ServerId}: {Applied}/{Records} records, watermark {Watermark}")]
    public static partial void BatchApplied(ILogger logger, string kind, long seqFrom, long seqTo, string serverId, int applied, int records, long watermark);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Dead-lettered a message from device {DeviceId}: {Reason}")]
    public static partial void DeadLettered(ILogger logger, string deviceId, string reason);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Registered server {ServerId} (tenant {TenantId}, site {SiteId}) at epoch {Epoch}")]
    public static partial void ServerRegistered(ILogger logger, string serverId, string tenantId, string siteId, string epoch);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Server {ServerId} changed epoch {OldEpoch} → {NewEpoch}: {Deleted} producers marked deleted, watermark reset")]
    public static partial void EpochChanged(ILogger logger, string serverId, string oldEpoch, string newEpoch, int deleted);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Requesting resync of server {ServerId} from seq {FromSeq}: {Reason}")]
    public static partial void ResyncRequested(ILogger logger, string serverId, long fromSeq, string reason);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Resync of server {ServerId} from seq {FromSeq} throttled ({Reason}); last request at {LastRequest}")]
    public static partial void ResyncThrottled(ILogger logger, string serverId, long fromSeq, string reason, DateTimeOffset lastRequest);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "Resync request from seq {FromSeq} accepted by server {ServerId}")]
    public static partial void ResyncSent(ILogger logger, string serverId, long fromSeq);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Resync request from seq {FromSeq} to server {ServerId} not delivered: {Status} {ResponseStatus} {Detail}")]
    public static partial void ResyncNotDelivered(ILogger logger, string serverId, long fromSeq, string status, int? responseStatus, string? detail);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "Sending the resync request from seq {FromSeq} to server {ServerId} failed")]
    public static partial void ResyncSendFailed(ILogger logger, Exception exception, string serverId, long fromSeq);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "Ingest of a message from device {DeviceId} failed; it was not applied")]
    public static partial void IngestFailed(ILogger logger, Exception exception, string deviceId);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Resync batch of server {ServerId} covering [{SeqFrom}, {SeqTo}] deleted {Deleted} producers absent from it")]
    public static partial void ResyncDeleted(ILogger logger, string serverId, long seqFrom, long seqTo, int deleted);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Transient store error applying a batch; retry {Attempt}")]
    public static partial void IngestRetry(ILogger logger, Exception? exception, int attempt);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "Heartbeat digest of server {ServerId} differs; recounted central's rows: {Count}/{Hash}, now matching: {Healed}")]
    public static partial void DigestRecounted(ILogger logger, string serverId, long count, string hash, bool healed);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Error, Message = "Event {Index} of an IngestStatus invocation (device {DeviceId}, sequence {SequenceNumber}) could not be applied; its server's watermark did not move")]
    public static partial void InvocationEventFailed(ILogger logger, Exception exception, int index, string deviceId, long? sequenceNumber);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Debug, Message = "IngestStatus invocation: {Events} events, {Applied} applied, {DeadLettered} dead-lettered, {Failed} failed")]
    public static partial void InvocationIngested(ILogger logger, int events, int applied, int deadLettered, int failed);

    // Sweep 2100–2199
    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning, Message = "Server {ServerId} silent since {LastBatchAt}: offline, {Stale} producers stale")]
    public static partial void ServerOffline(ILogger logger, string serverId, DateTimeOffset? lastBatchAt, int stale);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Server {ServerId} heard again: online, stale marks cleared")]
    public static partial void ServerOnline(ILogger logger, string serverId);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Debug, Message = "Purged {Count} tombstones of server {ServerId}")]
    public static partial void TombstonesPurged(ILogger logger, string serverId, int count);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "Heartbeat sweep failed; trying again next interval")]
    public static partial void SweepFailed(ILogger logger, Exception exception);

    // Views 2200–2299
    [LoggerMessage(EventId = 2200, Level = LogLevel.Debug, Message = "Built the views of tenant {TenantId}: {Sites} sites, {Servers} servers")]
    public static partial void ViewsBuilt(ILogger logger, string tenantId, int sites, int servers);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "Building views failed; trying again next interval")]
    public static partial void ViewsFailed(ILogger logger, Exception exception);

    // Commands 2300–2399
    [LoggerMessage(EventId = 2300, Level = LogLevel.Information, Message = "Command {CommandId} {Action} on {ProducerId} (server {ServerId}) requested by {RequestedBy}")]
    public static partial void CommandRequested(ILogger logger, string commandId, string action, string producerId, string serverId, string requestedBy);

    [LoggerMessage(EventId = 2760, Level = LogLevel.Warning, Message = "Command {Action} on {ProducerId} of tenant {ProducerTenant} refused to {RequestedBy} (tenants {CallerTenants}): outside the caller's tenants")]
    public static partial void CommandRefused(ILogger logger, string action, string producerId, string producerTenant, string requestedBy, string callerTenants);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Command {CommandId} {Action} on {ProducerId} finished {Status}: {Result}")]
    public static partial void CommandCompleted(ILogger logger, string commandId, string action, string producerId, string status, string? result);

    [LoggerMessage(EventId = 2980, Level = LogLevel.Information, Message = "Command {CommandId} ({Action} {ProducerId}) waits for the equipment: {Result}")]
    public static partial void CommandWaiting(ILogger logger, string commandId, string action, string producerId, string? result);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Error, Message = "Dispatching command {CommandId} failed")]
    public static partial void CommandDispatchFailed(ILogger logger, Exception exception, string commandId);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "Command {CommandId} delivered again (delivery {DequeueCount}): its previous dispatch was lost; sending it again")]
    public static partial void DispatchRedelivered(ILogger logger, string commandId, long dequeueCount);

    [LoggerMessage(EventId = 2304, Level = LogLevel.Error, Message = "A {Kind} dispatch message ({Target}) went to the poison queue: {Reason}")]
    public static partial void DispatchPoisoned(ILogger logger, string kind, string? target, string reason);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Warning, Message = "Processing dispatch message {MessageId} (delivery {DequeueCount}) failed; it comes back after its visibility timeout")]
    public static partial void DispatchAttemptFailed(ILogger logger, Exception exception, string messageId, long dequeueCount);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Error, Message = "Receiving from the dispatch queue failed; retrying")]
    public static partial void DispatchDrainFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2307, Level = LogLevel.Warning, Message = "Command re-scan: {Requeued} pending commands queued again, {TimedOut} past their deadline timed out")]
    public static partial void CommandsRescanned(ILogger logger, int requeued, int timedOut);

    [LoggerMessage(EventId = 2308, Level = LogLevel.Error, Message = "The command re-scan failed; the next one runs on schedule")]
    public static partial void RescanFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2310, Level = LogLevel.Warning, Message = "IoT Hub refused direct method {MethodName} on {DeviceId}/{ModuleId}: HTTP {HttpStatus}, error code {ErrorCode}: {Detail}")]
    public static partial void IotHubMethodRefused(ILogger logger, string methodName, string deviceId, string moduleId, int httpStatus, int? errorCode, string? detail);

    [LoggerMessage(EventId = 2311, Level = LogLevel.Error, Message = "Direct method {MethodName} on {DeviceId}/{ModuleId} could not reach IoT Hub")]
    public static partial void IotHubUnreachable(ILogger logger, Exception exception, string methodName, string deviceId, string moduleId);

    [LoggerMessage(EventId = 2312, Level = LogLevel.Debug, Message = "Fetched an Entra ID token for IoT Hub, valid until {ExpiresOn}")]
    public static partial void IotHubTokenFetched(ILogger logger, DateTimeOffset expiresOn);

    // API and auth 2400–2499
    [LoggerMessage(EventId = 2400, Level = LogLevel.Warning, Message = "No API authentication is configured (CloudStatus:Auth:Entra:TenantId, DevToken or DevSigningKey): every protected API request will be refused (401)")]
    public static partial void NoDevToken(ILogger logger);

    // Hosting 2500–2599
    [LoggerMessage(EventId = 2500, Level = LogLevel.Warning, Message = "No IoT Hub is configured: direct methods (commands, resync requests) will fail with \"no IoT Hub configured\"")]
    public static partial void NoIotHub(ILogger logger);

    [LoggerMessage(EventId = 2501, Level = LogLevel.Information, Message = "Central store: {Description}")]
    public static partial void StoreOpened(ILogger logger, string description);

    // Cross-server history 2600–2699
    [LoggerMessage(EventId = 2600, Level = LogLevel.Information, Message = "History query: server {ServerId} left out ({Reason}): {Detail}")]
    public static partial void HistoryServerUnavailable(ILogger logger, string serverId, string reason, string detail);

    // Failover leases and registration 2800–2839
    [LoggerMessage(EventId = 2800, Level = LogLevel.Warning, Message = "Refused {Records} records from server {ServerId} for the producers of {PrimaryId}: {Reason} (holder {HolderId}, token {Token}, presented {Presented})")]
    public static partial void WriteFenced(ILogger logger, string serverId, int records, string primaryId, Core.Ownership.FenceRefusal reason, string holderId, long token, long? presented);

    [LoggerMessage(EventId = 2801, Level = LogLevel.Warning, Message = "Lease of server {PrimaryId}: {Change}, now held by {HolderId} with token {Token} (signal {Signal})")]
    public static partial void LeaseChanged(ILogger logger, string primaryId, Core.Ownership.LeaseChange change, string holderId, long token, string? signal);

    [LoggerMessage(EventId = 2802, Level = LogLevel.Information, Message = "Server {ServerId} registered: version {Version}, failover peer {Peer}, {Subtrees} subtrees")]
    public static partial void RegistrationAccepted(ILogger logger, string serverId, string version, string? peer, int subtrees);

    [LoggerMessage(EventId = 2803, Level = LogLevel.Warning, Message = "Refused the registration of server {ServerId}: {Reason}")]
    public static partial void RegistrationRefused(ILogger logger, string serverId, string reason);

    // Clearinghouse and peer link 2900–2919
    [LoggerMessage(EventId = 2900, Level = LogLevel.Information, Message = "Told server {ServerId} its neighbours: failover peer {Peer}, covers {Covers}, {Count} servers")]
    public static partial void NeighboursSent(ILogger logger, string serverId, string? peer, int covers, int count);

    [LoggerMessage(EventId = 2901, Level = LogLevel.Information, Message = "Could not tell server {ServerId} its neighbours ({Status} {ResponseStatus}: {Error}); it hears them when it registers again")]
    public static partial void NeighboursNotDelivered(ILogger logger, string serverId, string status, int? responseStatus, string? error);

    [LoggerMessage(EventId = 2903, Level = LogLevel.Warning, Message = "Refused {Records} records from server {ServerId}: it presents token {Presented} for the producers of {PrimaryId}, which has no failover lease")]
    public static partial void FenceWithoutLease(ILogger logger, string serverId, int records, string primaryId, long presented);

    [LoggerMessage(EventId = 2904, Level = LogLevel.Information, Message = "Told server {ServerId} the failover leases it holds: {Fences}")]
    public static partial void FencesSent(ILogger logger, string serverId, string fences);

    [LoggerMessage(EventId = 2902, Level = LogLevel.Information, Message = "Server {ReporterId} reports over the peer link that {PrimaryId} stopped answering (lost since {LostSince})")]
    public static partial void PeerLinkLossReported(ILogger logger, string reporterId, string primaryId, DateTimeOffset lostSince);

    // Re-telling fences 2960–2969
    [LoggerMessage(EventId = 2960, Level = LogLevel.Warning, Message = "Server {ServerId} presented a token central refused ({Reason}); telling it the leases it holds again")]
    public static partial void FencesRetold(ILogger logger, string serverId, Core.Ownership.FenceRefusal reason);

    // HTTP hosting and the readers' cache (2990–2999).
    [LoggerMessage(EventId = 2990, Level = LogLevel.Warning, Message = "{Method} {Path} answered 503 (retry after {RetryAfterSeconds} s): the store stayed busy past its retries: {Reason}")]
    public static partial void StoreBusyAnswered(ILogger logger, string method, string path, int retryAfterSeconds, string reason);

    [LoggerMessage(EventId = 2991, Level = LogLevel.Warning, Message = "GET {Path} served from the read cache, {AgeMs} ms old: the store stayed busy past its retries: {Reason}")]
    public static partial void ReadCacheServedStale(ILogger logger, string path, int ageMs, string reason);
}
