using System.Text.Json.Serialization;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;

namespace CloudStatus.Functions.Api;

/// <summary>What ingest took from a server; <c>fenced</c>: its batches refused by the fencing check (docs/adr/0148).</summary>
internal sealed record IngestCountersDto(long Batches, long Records, long Bytes, long Fenced);

internal sealed record HealthCountsDto(long Online, long Degraded, long Offline, long Unknown);

internal sealed record ServerDto(
    string ServerId,
    string SiteId,
    string TenantId,
    bool Online,
    DateTimeOffset? LastHeartbeat,
    double? ClockOffsetMs,
    long Watermark,
    string Epoch,
    IngestCountersDto Ingest,
    HealthCountsDto Counts,
    long Stale,
    RegistrationDto? Registration = null,
    FailoverDto? Failover = null,
    PeerLossDto? PeerLoss = null);

/// <summary>
/// The server's peer link says it lost <c>peer</c> on the site LAN (docs/adr/0147): a claim, shown as the server made it
/// on its last batch; the lease (<c>failover</c> of the peer) shows whether central believed it.
/// </summary>
internal sealed record PeerLossDto(string Peer, DateTimeOffset LostSince);

/// <summary>The server's last registration (docs/adr/0121) and central's verdict.</summary>
internal sealed record RegistrationDto(
    string SoftwareVersion,
    IReadOnlyList<string> Adapters,
    IReadOnlyList<string> ProducerKinds,
    IReadOnlyList<string> Subtrees,
    string? FailoverPeer,
    string? LanAddress,
    bool Accepted,
    string? Reason,
    DateTimeOffset ReceivedAt);

/// <summary>The failover lease of a primary (docs/adr/0120): who reports its producers now, under which fencing token.</summary>
internal sealed record FailoverDto(
    string Primary,
    string Peer,
    string Holder,
    long Token,
    string Phase,
    string? Signal,
    DateTimeOffset ChangedAt,
    long Takeovers,
    long Handbacks);

internal sealed record ProducerDto(
    string ProducerId,
    string Kind,
    string? ParentId,
    string ServerId,
    Health Health,
    [property: JsonConverter(typeof(RawJsonObjectConverter))] string? State,
    [property: JsonConverter(typeof(RawJsonObjectConverter))] string? Config,
    long Seq,
    DateTimeOffset LocalTimestamp,
    DateTimeOffset CentralTimestamp,
    bool Stale,
    bool Silent,
    bool Flapping,
    bool Deleted,
    string? Mac = null,
    string? Ip = null,
    string? Owner = null,
    IReadOnlyList<string>? ReportedBy = null,
    bool Conflict = false);

internal sealed record PageDto<T>(IReadOnlyList<T> Items, string? Continuation);

internal sealed record SiteDto(
    string TenantId,
    string SiteId,
    Health Overall,
    int Servers,
    int ServersOnline,
    HealthCountsDto Counts,
    long Stale,
    DateTimeOffset BuiltAt);

internal sealed record SiteDetailDto(SiteDto Site, IReadOnlyList<ServerDto> Servers);

internal sealed record ServerMatrixDto(
    string ServerId,
    string SiteId,
    IReadOnlyList<string> Switches,
    IReadOnlyList<string> Rows,
    int ReachablePairs,
    int UnreachablePairs);

/// <summary>A site's matrix across its servers; <see cref="SwitchServers"/> holds each switch's server in <see cref="Switches"/> order.</summary>
internal sealed record SiteMatrixDto(
    string TenantId,
    string SiteId,
    DateTimeOffset BuiltAt,
    IReadOnlyList<string> Servers,
    IReadOnlyList<string> Switches,
    IReadOnlyList<string> SwitchServers,
    IReadOnlyList<string> Rows,
    int ReachablePairs,
    int UnreachablePairs);

internal sealed record ConnectivityDto(string TenantId, DateTimeOffset BuiltAt, IReadOnlyList<ServerMatrixDto> Servers, IReadOnlyList<SiteMatrixDto> Sites);

internal sealed record EventDto(
    string EventId,
    string TenantId,
    string ServerId,
    string ProducerId,
    string Type,
    Health? Health,
    long? Seq,
    DateTimeOffset? LocalTimestamp,
    DateTimeOffset CentralTimestamp);

/// <summary>
/// A page of the event log in the listing order: its first and last event ids, <see cref="Continuation"/> for the page
/// after the last event and <see cref="Previous"/> for the page before the first (each null when nothing lies there).
/// </summary>
internal sealed record EventPageDto(
    IReadOnlyList<EventDto> Items,
    string? FirstEventId,
    string? LastEventId,
    string? Continuation,
    string? Previous);

/// <summary>The body of <c>POST /api/v1/commands</c>.</summary>
internal sealed partial record CommandRequestDto : IValidatable
{
    public string? ProducerId { get; init; }
    public string? Action { get; init; }
    public string? IdempotencyKey { get; init; }

    /// <summary>For add: the server the new producer belongs to.</summary>
    public string? ServerId { get; init; }

    public string? Kind { get; init; }
    public string? ParentId { get; init; }

    [JsonConverter(typeof(RawJsonObjectConverter))]
    public string? Config { get; init; }

    /// <summary>For add: the new producer is also the one that shows up with this MAC or IP address.</summary>
    public CommandMatchDto? Match { get; init; }
}

/// <summary>How an add recognises its producer besides its id: by MAC, by IP, or either.</summary>
internal sealed record CommandMatchDto
{
    /// <summary>Any usual notation (02:00:5e:10:00:01, 02-00-5E-10-00-01, 0200.5e10.0001); stored lower-case with colons.</summary>
    public string? Mac { get; init; }

    public string? Ip { get; init; }
}

internal sealed record CommandAcceptedDto(string CommandId);

internal sealed record CommandDto(
    string CommandId,
    string ProducerId,
    string ServerId,
    string Action,
    string Status,
    DateTimeOffset RequestedAt,
    DateTimeOffset? CompletedAt,
    string? Result,
    string RequestedBy);

internal sealed record DeadLetterDto(
    string Id,
    string DeviceId,
    string Reason,
    DateTimeOffset ReceivedAt,
    string? MessageId,
    string? ContentEncoding,
    int Size,
    string BodyBase64,
    bool BodyTruncated);
